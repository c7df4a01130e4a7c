/**
 * Bytes appended into one contiguous buffer that grows by doubling, so appending n bytes in any
 * number of chunks copies O(n) bytes in all. Holds a stream's header until it is complete.
 */
export class GrowBuffer {
    buf = Buffer.alloc(0);
    /** Bytes held. */
    length = 0;
    /** Bytes copied so far, growth included (for the linear-cost regression test). */
    copied = 0;
    /** Appends a copy of `chunk`. */
    append(chunk) {
        if (this.length + chunk.length > this.buf.length) {
            const next = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.length + chunk.length, 256));
            this.buf.copy(next, 0, 0, this.length);
            this.copied += this.length;
            this.buf = next;
        }
        this.buf.set(chunk, this.length);
        this.length += chunk.length;
        this.copied += chunk.length;
    }
    /** The bytes held (a view, valid until the next append). */
    get bytes() {
        return this.buf.subarray(0, this.length);
    }
}
//# sourceMappingURL=grow_buffer.js.map