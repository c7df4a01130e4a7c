/**
 * The frames of a streamed message opened on worker threads (`concurrency` > 1). The decoder reads
 * and checks each frame head on the main thread (sequence, lengths) and hands the frame's bytes
 * here; they are copied into a batch (the caller may reuse its chunks), batches are opened by the
 * workers, and their plaintext is released in order, each frame only once its tag verified. A
 * batch with a failed tag releases the frames before it, then fails with AuthenticationError,
 * exactly as the single-thread path does. Signed suites hash each ciphertext batch as it is sent,
 * on the calling thread, or in order on a worker of their own when a core is left for it
 * (internal/signature_thread.ts; the frame workers then open each batch into a second buffer so
 * that its ciphertext is kept for the hash).
 */
import type { KeyObject, Verify } from 'node:crypto';
import type { AlgorithmSuite } from './suites.js';
import type { ByteQueue } from './internal/byte_queue.js';
export declare class ParallelOpener {
    private readonly frameLength;
    private readonly pool;
    private readonly window;
    /** Bytes per batch: at least one whole frame. */
    private readonly capacity;
    private readonly largest;
    private input;
    private view;
    private filled;
    private count;
    private plainLength;
    private seq;
    private readonly verifier;
    /** Bytes of each batch out, in order (what the verifier hashes of it). */
    private readonly lengths;
    /** The verifier of a signed suite hashed on the calling thread. */
    private readonly local;
    /**
     * @param signed for signed suites: the verifier, which has seen the header, and the header's
     * bytes (for a signature worker, which starts from them)
     */
    constructor(suite: AlgorithmSuite, key: KeyObject, messageId: Uint8Array, frameLength: number, concurrency: number, signed?: {
        verifier: Verify;
        header: Uint8Array;
    });
    /** Whether the signature is checked on a signature worker ({@link verify}). */
    get verifies(): boolean;
    /** Whether `signature` is good for the header and every frame (call after {@link drain}). */
    verify(key: KeyObject, signature: Uint8Array): Promise<boolean>;
    /** Batches sent and not yet released. */
    get pending(): number;
    /** Copies one frame (given as pieces, with `length` bytes of content) into the batch; sends it when full or final. */
    add(pieces: readonly Buffer[], length: number, final: boolean): void;
    /**
     * Copies whole regular frames (`size` bytes each, `plain` of content) from the front of `q` into
     * the batch, in bulk, checking that each is numbered `seq`, `seq + 1`, …; stops at the first that
     * is not (the final frame, or one out of sequence: the caller reads it) and after sending a batch
     * (the caller then makes room). Returns the number of frames taken from `q`.
     */
    addFrames(q: ByteQueue, size: number, plain: number, seq: number): number;
    /** Releases the oldest batches until the window has room. */
    room(emit: (pt: Buffer) => void): Promise<void>;
    /** Releases every batch sent, in order. */
    drain(emit: (pt: Buffer) => void): Promise<void>;
    /** Stops the workers (end of message, error or destroy). */
    close(): void;
    private release;
    private send;
}
//# sourceMappingURL=parallel_opener.d.ts.map