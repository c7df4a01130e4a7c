/**
 * One stream's batches of frames on the pool's workers. The session opens once the message key
 * exists (the stream's first batch is then being filled): the key goes to each of the session's
 * workers once, the exported copy is wiped at once, and each worker wipes its copy when the session
 * closes.
 *
 * The calling thread counts as one of the stream's `threadCount` threads: it has `threadCount` - 1
 * workers, and the caller seals or opens a batch itself (the same code, frame_batches.ts) when its
 * workers already have four batches each to do (counted in memory shared with them). On a machine
 * with as many cores as threads, no thread then waits for a core while another waits for work.
 */
import { now } from '../../crypto/maybe.js';
import type { BodyCipher } from '../../crypto/body_cipher.js';
import type { SuiteId } from '../../suites.js';
import { FrameBatches } from './frame_batches.js';
import { queued, type SessionSink, type WorkerPool } from './worker_pool.js';
import type { Answer, BatchAnswer, BatchTask } from './worker_protocol.js';

/** Plaintext bytes (frames) per batch: enough to amortise a message each way. */
export const BATCH_BYTES = 256 * 1024;

/** Batches a worker may have to do before the calling thread does the next one itself. */
const QUEUE_LIMIT = 4;

/** A batch as the stream receives it. */
export interface BatchResult {
  readonly output: Buffer;
  /** Index in the batch of the first frame that failed (open only). */
  readonly failedAt?: number;
  /** Why the frame at failedAt is malformed, if it is (else its tag failed). */
  readonly malformed?: string;
  /** Made on the calling thread in a buffer of its own: hand it on as it is. */
  readonly owned?: boolean;
}

export class FrameSession implements SessionSink {
  private session: ReturnType<WorkerPool['openSession']> | undefined;
  private readonly waiting = new Map<number, { resolve: (r: BatchResult) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private failed: Error | undefined;
  private closed = false;
  /** Input and output buffers the workers gave back, reused for the next batches. */
  private readonly spare: ArrayBuffer[] = [];
  private readonly spareOut: ArrayBuffer[] = [];
  /** The session's batches on the calling thread (its own copy of the key). */
  private here: FrameBatches | undefined;

  constructor(
    private readonly pool: WorkerPool,
    private readonly threadCount: number,
    private readonly cipher: BodyCipher,
    private readonly frameLength: number,
  ) {}

  /** An input buffer of at least `n` bytes (a returned one when it fits). */
  buffer(n: number): ArrayBuffer {
    const b = this.spare.pop();
    return b && b.byteLength >= n ? b : new ArrayBuffer(n);
  }

  /** Gives back a buffer a batch came back in, for a later batch. */
  recycle(b: ArrayBuffer): void {
    if (!this.closed && this.spare.length < 8 * this.threadCount + 2) this.spare.push(b);
  }

  /** An output buffer for sealing (a returned one when it fits). */
  outBuffer(n: number): ArrayBuffer {
    const b = this.spareOut.pop();
    return b && b.byteLength >= n ? b : new ArrayBuffer(n);
  }

  /** Gives back a sealed batch's buffer once its bytes were copied out. */
  recycleOut(b: ArrayBuffer): void {
    if (!this.closed && this.spareOut.length < 8 * this.threadCount + 2) this.spareOut.push(b);
  }

  /** Opens the session now (a worker takes tens of ms to start), so that it is ready by the first batch. */
  warm(): void {
    if (!this.session && !this.closed) this.start();
  }

  /** Sends one batch (its buffers are transferred); resolves with the answer. */
  run(task: BatchTask): Promise<BatchResult> {
    if (this.failed) return Promise.reject(this.failed);
    this.warm();
    const { id: session, slots } = this.session!;
    // The least busy worker, unless every worker has its share to do: then this thread does it.
    let slot = slots[0]!;
    for (const s of slots) if (queued(s) < queued(slot)) slot = s;
    if (queued(slot) >= QUEUE_LIMIT) {
      this.pool.batches.here++;
      return Promise.resolve(this.runHere(task));
    }
    this.pool.batches.workers++;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.pool.post(slot, { ...task, id, session }, task.op === 'seal' ? [task.input, task.out] : [task.input]);
    });
  }

  /**
   * Ends the session: each of its workers wipes the key; outstanding batches fail (a stream
   * destroyed while it waits for them must still call back, or a producer waiting on its write
   * callback would wait for ever).
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.session) this.pool.closeSession(this.session.id);
    this.here = undefined;
    const closed = new Error('the stream closed before its batches came back');
    for (const p of this.waiting.values()) p.reject(closed);
    this.waiting.clear();
    this.spare.length = 0;
    this.spareOut.length = 0;
  }

  /** A batch came back (called by the pool). */
  answer(a: Answer): void {
    const p = this.waiting.get(a.id);
    if (!p) return;
    this.waiting.delete(a.id);
    if (a.input) this.recycle(a.input);
    p.resolve(result(a, false));
  }

  /** A worker of the session failed (called by the pool). */
  fail(err: Error): void {
    this.failed ??= err;
    for (const p of this.waiting.values()) p.reject(this.failed);
    this.waiting.clear();
    this.close();
  }

  private start(): void {
    const key = now(this.cipher.exportKey());
    try {
      const open = { op: 'key', suiteId: this.cipher.suite.id as SuiteId, key, messageId: this.cipher.messageId, frameLength: this.frameLength } as const;
      this.session = this.pool.openSession(Math.max(1, this.threadCount - 1), this, open);
      this.here = new FrameBatches(open);
    } finally {
      key.fill(0);
    }
  }

  /** Seals or opens a batch on the calling thread, into a buffer made for it, handed on as it is. */
  private runHere(task: BatchTask): BatchResult {
    const here = this.here!;
    const a = task.op === 'seal' ? here.seal({ ...task, out: undefined }) : here.open(task, new ArrayBuffer(task.plainLength));
    if (task.op === 'seal') this.recycleOut(task.out);
    this.recycle(task.input);
    return result(a, true);
  }
}

/** The stream's view of an answer. */
function result(a: BatchAnswer, owned: boolean): BatchResult {
  const output = Buffer.from(a.output, 0, a.length);
  const r: BatchResult = owned ? { output, owned } : { output };
  if (a.failedAt === undefined) return r;
  return { ...r, failedAt: a.failedAt, ...(a.malformed !== undefined ? { malformed: a.malformed } : {}) };
}
