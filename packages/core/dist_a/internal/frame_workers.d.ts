/**
 * The frame worker threads, shared by every stream of the process that uses `concurrency`.
 * Starting a worker takes tens of milliseconds (as long as a whole 64 MiB stream on 1 MiB frames),
 * so workers outlive a stream: they stay, unref'd and holding no key, for {@link IDLE_MS} after the
 * last stream closed, then exit. A stream opens a session on some of them: the session's message key
 * goes to each of its workers once and is wiped there when the session closes.
 *
 * Workers are unref'd while idle, so they never keep the process alive, and ref'd while a batch is
 * out, so a pipeline waiting on them does not see the event loop empty.
 */
import { Worker } from 'node:worker_threads';
/** How long idle workers stay after the last session closed (ms). */
export declare let IDLE_MS: number;
/** Sets {@link IDLE_MS} (tests). */
export declare function setIdleMs(ms: number): void;
/** What a worker answers for a batch. */
export interface Answer {
    readonly id: number;
    readonly output: ArrayBuffer;
    readonly length: number;
    readonly input: ArrayBuffer | null;
    readonly failedAt?: number;
}
/** The side of a session the workers report to (each posted batch gets one answer). */
export interface SessionSink<A = Answer> {
    answer(a: A): void;
    fail(err: Error): void;
}
/** A worker as sessions see it. */
export interface Slot {
    readonly worker: Worker;
    /** Batches out on this worker (answers not yet handled here). */
    out: number;
    /** Batches posted to it, and (shared with the worker, which counts) batches it finished. */
    sent: number;
    readonly done: Int32Array;
    dead: boolean;
}
/**
 * Batches posted to `slot` that it has not finished yet. Read from memory shared with the worker,
 * so it is current even while this thread has not yet handled the worker's answers (a stream fed
 * from promises runs chunk after chunk without the event loop reaching them).
 */
export declare function queued(slot: Slot): number;
/**
 * Opens a session on `size` workers other than `exclude` (started if missing) and sends each of
 * them `open` (with the session id); returns the session's id and workers. A key in `open` is
 * cloned into each message here, synchronously: the caller may wipe its copy right after.
 */
export declare function openSession<A>(size: number, sink: SessionSink<A>, open: Record<string, unknown>, exclude?: readonly Slot[]): {
    id: number;
    slots: Slot[];
};
/** Sends a batch of a session to one of its workers. */
export declare function post(slot: Slot, message: Record<string, unknown>, transfer: ArrayBuffer[]): void;
/** Closes a session: each of its workers wipes the key. Idle workers exit after {@link IDLE_MS}. */
export declare function closeSession(id: number): void;
/** The thread ids of the workers running now (tests). */
export declare function workerIds(): number[];
/** Ends every worker at once, as a crash would (tests: the streams using them must fail). */
export declare function crashWorkersForTests(): Promise<void>;
//# sourceMappingURL=frame_workers.d.ts.map