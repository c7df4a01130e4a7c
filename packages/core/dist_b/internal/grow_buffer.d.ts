/**
 * Bytes appended into one contiguous buffer that grows by doubling, so appending n bytes in any
 * number of chunks copies O(n) bytes in all. Holds a stream's header until it is complete.
 */
export declare class GrowBuffer {
    private buf;
    /** Bytes held. */
    length: number;
    /** Bytes copied so far, growth included (for the linear-cost regression test). */
    copied: number;
    /** Appends a copy of `chunk`. */
    append(chunk: Uint8Array): void;
    /** The bytes held (a view, valid until the next append). */
    get bytes(): Buffer;
}
//# sourceMappingURL=grow_buffer.d.ts.map