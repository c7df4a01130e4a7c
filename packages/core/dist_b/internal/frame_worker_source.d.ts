import type { Answer } from './frame_workers.js';
export declare const FRAME_WORKER_SOURCE: string;
/** A session's state, as {@link LocalFrames.session} makes it (holds a copy of the key: wipe it). */
export interface LocalSession {
    readonly key: Buffer;
}
/** The workers' batch functions, run on the calling thread (a stream's `concurrency` counts it). */
export interface LocalFrames {
    session(m: Record<string, unknown>): LocalSession;
    seal(s: LocalSession, m: Record<string, unknown>): Answer;
    open(s: LocalSession, m: Record<string, unknown>): Answer;
}
/** {@link LocalFrames}, compiled from the same source as the workers' on first use. */
export declare function localFrames(): LocalFrames;
//# sourceMappingURL=frame_worker_source.d.ts.map