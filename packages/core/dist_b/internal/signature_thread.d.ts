/**
 * The footer signature of a signed suite computed on a frame worker of its own (streams with
 * `concurrency` > 1): the header, then every body byte in order, hashed there instead of on the
 * calling thread, which then only copies bytes. The worker is not one of the stream's frame
 * workers, so the hash runs beside the ciphers.
 */
import type { KeyObject } from 'node:crypto';
import { type SessionSink, type Slot } from './frame_workers.js';
interface SigAnswer {
    readonly id: number;
    readonly back?: ArrayBuffer;
    readonly signature?: Uint8Array;
    readonly ok?: boolean;
}
export declare class SignatureThread implements SessionSink<SigAnswer> {
    private readonly back;
    private readonly limit;
    private readonly session;
    private readonly waiting;
    private nextId;
    /** Buffers out for hashing. */
    private out;
    private wake;
    private failed;
    private closed;
    /**
     * @param first the header bytes (the signature covers them first)
     * @param exclude the stream's frame workers
     * @param back takes each buffer back once hashed
     * @param limit buffers out at most (the memory bound)
     */
    constructor(kind: 'sign' | 'verify', hash: string, first: Uint8Array, exclude: readonly Slot[], back: (b: ArrayBuffer) => void, limit: number);
    /** Hashes the first `length` bytes of `b`, which is transferred and comes back through `back`. */
    update(b: ArrayBuffer, length: number): void;
    /** Resolves once fewer than `limit` buffers are out for hashing. */
    room(): Promise<void>;
    /** The signature over everything hashed (after every update). */
    sign(key: KeyObject): Promise<Uint8Array>;
    /** Whether `signature` is good for everything hashed (after every update). */
    verify(key: KeyObject, signature: Uint8Array): Promise<boolean>;
    /** Ends the session. */
    close(): void;
    /** An answer came back (called by the shared workers). */
    answer(a: SigAnswer): void;
    /** The worker failed (called by the shared workers). */
    fail(err: Error): void;
    private ask;
}
/**
 * Whether a stream on `concurrency` threads (its workers and the calling thread) hashes its
 * signature on a thread of its own: only when a core is left for it (on 2 cores, the extra
 * thread's hand-offs cost more than the hash: 0x0578 decrypt ran at ~150-230 MB/s with it and
 * ~470-490 MB/s without).
 */
export declare function hashOnThread(concurrency: number): boolean;
/** Forces {@link hashOnThread} either way, or back to the machine's answer with `undefined` (tests). */
export declare function forceHashThread(value: boolean | undefined): void;
export {};
//# sourceMappingURL=signature_thread.d.ts.map