/**
 * One stream's batches of frames on the shared frame workers (the `concurrency` option of the
 * streams; internal/frame_workers.ts). The session opens once the message key exists (the stream's
 * first batch is then being filled): the key goes to each of the session's workers once, the
 * exported copy is wiped at once, and each worker wipes its copy when the session closes.
 *
 * The calling thread counts as one of the `concurrency` threads: a stream has `concurrency` - 1
 * workers, and the caller seals or opens a batch itself (the same code, frame_worker_source.ts)
 * when its workers already have four batches each to do (counted in memory shared with them).
 * On a machine with as many cores as threads, no thread then waits for a core while another waits
 * for work. (Four against three or five or six: best in interleaved A/B runs on 2 cores.)
 */
import type { KeyObject } from 'node:crypto';
import type { AlgorithmSuite } from '../suites.js';
import { type Answer, type SessionSink, type Slot } from './frame_workers.js';
/** Batches run so far on the calling thread and on workers (tests). */
export declare const batchCounts: {
    here: number;
    workers: number;
};
/** Plaintext bytes (frames) per batch: enough to amortise a message each way. */
export declare const BATCH_BYTES: number;
/** A batch as the worker answers it. */
export interface BatchResult {
    readonly output: Buffer;
    /** The input buffer, back for reuse (null when the output is written over it). */
    readonly input: ArrayBuffer | null;
    /** Index in the batch of the first frame whose tag failed (open only). */
    readonly failedAt?: number;
    /** Made on the calling thread in a buffer of its own: hand it on as it is. */
    readonly owned?: boolean;
}
export type BatchTask = {
    readonly op: 'seal';
    readonly seq: number;
    readonly input: ArrayBuffer;
    readonly out: ArrayBuffer;
    readonly length: number;
    readonly final: boolean;
} | {
    readonly op: 'open';
    readonly seq: number;
    readonly input: ArrayBuffer;
    readonly out?: ArrayBuffer;
    readonly length: number;
    readonly count: number;
    readonly final: boolean;
    readonly plainLength: number;
};
export declare class FramePool implements SessionSink {
    private readonly concurrency;
    private readonly suite;
    private readonly key;
    private readonly messageId;
    private readonly frameLength;
    /** Inputs come back to the caller instead of this pool (open with `out`: the ciphertext is hashed after). */
    private readonly keepInputs;
    private session;
    private readonly waiting;
    private nextId;
    private failed;
    private closed;
    /** Input buffers the workers gave back, reused for the next batches. */
    private readonly spare;
    private readonly spareOut;
    /** Worker threads (the calling thread is the last of `concurrency`). */
    private readonly size;
    /** The session's state on the calling thread (a copy of the key, wiped on close). */
    private here;
    constructor(concurrency: number, suite: AlgorithmSuite, key: KeyObject, messageId: Uint8Array, frameLength: number, 
    /** Inputs come back to the caller instead of this pool (open with `out`: the ciphertext is hashed after). */
    keepInputs?: boolean);
    /** An input buffer of at least `n` bytes (a returned one when it fits). */
    buffer(n: number): ArrayBuffer;
    /** Gives back a buffer a batch came back in, for a later batch. */
    recycle(b: ArrayBuffer): void;
    /** An output buffer for sealing (a returned one when it fits). */
    outBuffer(n: number): ArrayBuffer;
    /** Gives back a sealed batch's buffer once its bytes were copied out. */
    recycleOut(b: ArrayBuffer): void;
    /** The workers of the session (opened if not yet). */
    get slots(): readonly Slot[];
    /** Opens the session now (a worker takes tens of ms to start), so that it is ready by the first batch. */
    warm(): void;
    /** Sends one batch (its input buffer is transferred); resolves with the worker's answer. */
    run(task: BatchTask): Promise<BatchResult>;
    /** Ends the session: each of its workers wipes the key; outstanding batches are dropped. */
    close(): void;
    private start;
    /** Seals or opens a batch on the calling thread, into a buffer of its own. */
    private runHere;
    /** A batch came back (called by the shared workers). */
    answer(a: Answer): void;
    /** A worker of the session failed (called by the shared workers). */
    fail(err: Error): void;
}
//# sourceMappingURL=frame_pool.d.ts.map