/**
 * Bytes appended into one contiguous buffer that grows by doubling, so appending n bytes in any
 * number of chunks copies O(n) bytes in all. Holds a stream's header until it is complete; the
 * buffers are of the caller's kind (Node's Buffer, a browser's Uint8Array).
 */
export class GrowBuffer<B extends Uint8Array> {
  private buf: B;
  /** Bytes held. */
  length = 0;
  /** Bytes copied so far, growth included (for the linear-cost regression test). */
  copied = 0;

  /** `alloc`: a new buffer of `length` bytes (its contents are overwritten before they are read). */
  constructor(private readonly alloc: (length: number) => B) {
    this.buf = alloc(0);
  }

  /** Appends a copy of `chunk`. */
  append(chunk: Uint8Array): void {
    if (this.length + chunk.length > this.buf.length) {
      const next = this.alloc(Math.max(2 * this.buf.length, this.length + chunk.length, 256));
      next.set(this.buf.subarray(0, this.length), 0);
      this.copied += this.length;
      this.buf = next;
    }
    this.buf.set(chunk, this.length);
    this.length += chunk.length;
    this.copied += chunk.length;
  }

  /** The bytes held (a view, valid until the next append). */
  get bytes(): B {
    return this.buf.subarray(0, this.length) as B;
  }
}
