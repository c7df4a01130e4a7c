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
import { backend } from '#crypto-backend';
import type { AesKey } from '../crypto/backend.js';
import { now } from '../crypto/maybe.js';
import type { AlgorithmSuite } from '../suites.js';
import { closeSession, openSession, post, queued, type Answer, type SessionSink, type Slot } from './frame_workers.js';
import { localFrames, type LocalSession } from './frame_worker_source.js';

/** Batches run so far on the calling thread and on workers (tests). */
export const batchCounts = { here: 0, workers: 0 };

/**
 * Frames from this length up stay on the calling thread whatever `concurrency` says. Threads pay
 * where each frame's cipher set-up dominates (4 KiB frames: ~1.1-1.3x raw GCM with 2 threads
 * against ~0.85-0.9x on one); from 8 KiB the copies into and out of batches cost as much as they
 * save, and from 16 KiB one thread was faster (A/B on the project's 2-core machine, 64 MiB: 16 KiB
 * frames 0.72x/0.54x against 0.87x/0.82x, 64 KiB 0.68x/0.52x against 0.70x/0.81x, encrypt/decrypt).
 */
export const PARALLEL_FRAME_LIMIT = 8192;

/** Whether a framed message with `frameLength`-byte frames goes to threads at `concurrency`. */
export function useThreads(concurrency: number, frameLength: number): boolean {
  return concurrency > 1 && frameLength > 0 && frameLength < PARALLEL_FRAME_LIMIT;
}

/** Plaintext bytes (frames) per batch: enough to amortise a message each way. */
export const BATCH_BYTES = 256 * 1024;

/** A batch as the worker answers it. */
export interface BatchResult {
  readonly output: Buffer;
  /** Index in the batch of the first frame whose tag failed (open only). */
  readonly failedAt?: number;
  /** The frame at failedAt has an IV that is not its sequence number. */
  readonly malformed?: boolean;
  /** Made on the calling thread in a buffer of its own: hand it on as it is. */
  readonly owned?: boolean;
}

export type BatchTask =
  | { readonly op: 'seal'; readonly seq: number; readonly input: ArrayBuffer; readonly out: ArrayBuffer; readonly length: number; readonly final: boolean }
  | { readonly op: 'open'; readonly seq: number; readonly input: ArrayBuffer; readonly length: number; readonly count: number; readonly final: boolean; readonly plainLength: number };

export class FramePool implements SessionSink {
  private session: ReturnType<typeof openSession> | undefined;
  private readonly waiting = new Map<number, { resolve: (r: BatchResult) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private failed: Error | undefined;
  private closed = false;
  /** Input buffers the workers gave back, reused for the next batches. */
  private readonly spare: ArrayBuffer[] = [];
  private readonly spareOut: ArrayBuffer[] = [];
  /** Worker threads (the calling thread is the last of `concurrency`). */
  private readonly size: number;
  /** The session's state on the calling thread (a copy of the key, wiped on close). */
  private here: LocalSession | undefined;

  constructor(
    private readonly concurrency: number,
    private readonly suite: AlgorithmSuite,
    private readonly key: AesKey,
    private readonly messageId: Uint8Array,
    private readonly frameLength: number,
  ) {
    this.size = Math.max(1, concurrency - 1);
  }

  /** An input buffer of at least `n` bytes (a returned one when it fits). */
  buffer(n: number): ArrayBuffer {
    const b = this.spare.pop();
    return b && b.byteLength >= n ? b : new ArrayBuffer(n);
  }

  /** Gives back a buffer a batch came back in, for a later batch. */
  recycle(b: ArrayBuffer): void {
    if (!this.closed && this.spare.length < 8 * this.concurrency + 2) this.spare.push(b);
  }

  /** An output buffer for sealing (a returned one when it fits). */
  outBuffer(n: number): ArrayBuffer {
    const b = this.spareOut.pop();
    return b && b.byteLength >= n ? b : new ArrayBuffer(n);
  }

  /** Gives back a sealed batch's buffer once its bytes were copied out. */
  recycleOut(b: ArrayBuffer): void {
    if (!this.closed && this.spareOut.length < 8 * this.concurrency + 2) this.spareOut.push(b);
  }

  /** The workers of the session (opened if not yet). */
  get slots(): readonly Slot[] {
    this.warm();
    return this.session?.slots ?? [];
  }

  /** Opens the session now (a worker takes tens of ms to start), so that it is ready by the first batch. */
  warm(): void {
    if (!this.session && !this.closed) this.start();
  }

  /** Sends one batch (its input buffer is transferred); resolves with the worker's answer. */
  run(task: BatchTask): Promise<BatchResult> {
    if (this.failed) return Promise.reject(this.failed);
    this.warm();
    const { id: session, slots } = this.session!;
    // The least busy worker, unless every worker has four batches to do: then this thread does it.
    let slot = slots[0]!;
    for (const s of slots) if (queued(s) < queued(slot)) slot = s;
    if (queued(slot) >= 4) {
      batchCounts.here++;
      return Promise.resolve(this.runHere(task));
    }
    batchCounts.workers++;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      post(slot, { ...task, id, session }, task.op === 'seal' ? [task.input, task.out] : [task.input]);
    });
  }

  /**
   * Ends the session: each of its workers wipes the key; outstanding batches fail (a stream
   * destroyed while it waits for them must still call back, or a producer waiting on its write
   * callback would wait for ever: found by the fuzzer, an abort during a decrypt with concurrency).
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.session) closeSession(this.session.id);
    this.here?.key.fill(0);
    this.here = undefined;
    const closed = new Error('the stream closed before its batches came back');
    for (const p of this.waiting.values()) p.reject(closed);
    this.waiting.clear();
    this.spare.length = 0;
    this.spareOut.length = 0;
  }

  private start(): void {
    const key = now(backend.exportAesKey(this.key));
    try {
      const open = { op: 'key', key, messageId: this.messageId, cipher: this.suite.cipher, ivLength: this.suite.ivLength, tagLength: this.suite.tagLength, frameLength: this.frameLength };
      this.session = openSession(this.size, this, open);
      this.here = localFrames().session({ ...open, key: Buffer.from(key) });
    } finally {
      key.fill(0);
    }
  }

  /** Seals or opens a batch on the calling thread, into a buffer of its own. */
  private runHere(task: BatchTask): BatchResult {
    const f = localFrames();
    // Seal or open into a buffer made for the batch, handed on as it is.
    const a = task.op === 'seal' ? f.seal(this.here!, { ...task, out: undefined }) : f.open(this.here!, { ...task, out: new ArrayBuffer(task.plainLength) });
    if (task.op === 'seal') this.recycleOut(task.out);
    this.recycle(task.input);
    const result: BatchResult = { output: Buffer.from(a.output, 0, a.length), owned: true };
    return failure(result, a);
  }

  /** A batch came back (called by the shared workers). */
  answer(a: Answer): void {
    const p = this.waiting.get(a.id);
    if (!p) return;
    this.waiting.delete(a.id);
    if (a.input) this.recycle(a.input);
    const result: BatchResult = { output: Buffer.from(a.output, 0, a.length) };
    p.resolve(failure(result, a));
  }

  /** A worker of the session failed (called by the shared workers). */
  fail(err: Error): void {
    this.failed ??= err;
    for (const p of this.waiting.values()) p.reject(this.failed);
    this.waiting.clear();
    this.close();
  }
}

/** `result` with the answer's failure, if any. */
function failure(result: BatchResult, a: Answer): BatchResult {
  if (a.failedAt === undefined) return result;
  return { ...result, failedAt: a.failedAt, ...(a.malformed ? { malformed: true } : {}) };
}
