export declare class ByteQueue {
    private chunks;
    /**
     * chunks[borrowed..] are the caller's, those before it our copies. Borrowed chunks are always a
     * suffix (push appends them, own copies them all), so own() visits only the new ones: scanning
     * every queued chunk on each write made many small writes into a large frame or a non-framed
     * body quadratic (1 MiB in 16-byte chunks took 24 s).
     */
    private borrowed;
    private head;
    /** When set, chunks[0] is a view of its first bytes, and the rest of it is free (see own). */
    private spare;
    length: number;
    /** Chunks own() has visited in all: at most the number pushed (tests check the cost is linear). */
    ownWork: number;
    push(chunk: Buffer): void;
    /**
     * Copies the queued bytes that still lie in borrowed chunks; owned ones are left as they are.
     * With `room`, a copied first chunk gets that much space, so the part it starts can later be
     * completed in place by {@link ByteQueue.peek} rather than copied once more.
     */
    own(room?: number): void;
    /** The first queued chunk, whole: the queued bytes start at {@link ByteQueue.frontOffset} in it (empty when nothing is queued). */
    get frontChunk(): Buffer;
    /** Where the queued bytes start in {@link ByteQueue.frontChunk}. */
    get frontOffset(): number;
    /** The first `n` bytes (n ≤ length), contiguous. */
    peek(n: number): Buffer;
    /** Copies the first `n` bytes (n ≤ length) to `dst` at `at`, without consuming them. */
    copyTo(dst: Uint8Array, at: number, n: number): void;
    /** Bytes [start, start + n) as views of the chunks that hold them (no copy). */
    slices(start: number, n: number): Buffer[];
    /** Drops the first `n` bytes (n ≤ length): whole chunks in one splice, since shifting them one by one is quadratic in their number. */
    consume(n: number): void;
}
//# sourceMappingURL=byte_queue.d.ts.map