/**
 * Worker threads that seal or open batches of frames of one message (the `concurrency` option of
 * the streams). Workers start once the message key exists (the stream's first batch is then being filled) and get the message key once, in their
 * workerData; the exported copy is wiped at once, and each worker wipes its own when closed. They
 * are unref'd while idle, so an idle stream never keeps the process alive, and ref'd while a batch
 * is out, so a pipeline waiting on them does not see the event loop empty.
 */
import { Worker } from 'node:worker_threads';
import type { KeyObject } from 'node:crypto';
import type { AlgorithmSuite } from '../suites.js';
import { FRAME_WORKER_SOURCE } from './frame_worker_source.js';

/** Plaintext bytes (frames) per batch: enough to amortise a message each way. */
export const BATCH_BYTES = 256 * 1024;

/** A batch as the worker answers it. */
export interface BatchResult {
  readonly output: Buffer;
  /** The input buffer, back for reuse (null when the output is written over it). */
  readonly input: ArrayBuffer | null;
  /** Index in the batch of the first frame whose tag failed (open only). */
  readonly failedAt?: number;
}

interface Answer {
  readonly id: number;
  readonly output: ArrayBuffer;
  readonly length: number;
  readonly input: ArrayBuffer | null;
  readonly failedAt?: number;
}

export type BatchTask =
  | { readonly op: 'seal'; readonly seq: number; readonly input: ArrayBuffer; readonly out: ArrayBuffer; readonly length: number; readonly final: boolean }
  | { readonly op: 'open'; readonly seq: number; readonly input: ArrayBuffer; readonly length: number; readonly count: number; readonly final: boolean; readonly plainLength: number };

export class FramePool {
  private workers: Worker[] = [];
  private readonly waiting = new Map<number, { resolve: (r: BatchResult) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private failed: Error | undefined;
  private closed = false;
  /** Input buffers the workers gave back, reused for the next batches. */
  private readonly spare: ArrayBuffer[] = [];
  private readonly spareOut: ArrayBuffer[] = [];

  constructor(
    private readonly size: number,
    private readonly suite: AlgorithmSuite,
    private readonly key: KeyObject,
    private readonly messageId: Uint8Array,
    private readonly frameLength: number,
  ) {}

  /** An input buffer of at least `n` bytes (a returned one when it fits). */
  buffer(n: number): ArrayBuffer {
    const b = this.spare.pop();
    return b && b.byteLength >= n ? b : new ArrayBuffer(n);
  }

  /** Gives back a buffer a batch came back in, for a later batch. */
  recycle(b: ArrayBuffer): void {
    if (!this.closed && this.spare.length < 8 * this.size + 2) this.spare.push(b);
  }

  /** An output buffer for sealing (a returned one when it fits). */
  outBuffer(n: number): ArrayBuffer {
    const b = this.spareOut.pop();
    return b && b.byteLength >= n ? b : new ArrayBuffer(n);
  }

  /** Gives back a sealed batch's buffer once its bytes were copied out. */
  recycleOut(b: ArrayBuffer): void {
    if (!this.closed && this.spareOut.length < 8 * this.size + 2) this.spareOut.push(b);
  }

  /** Starts the workers now (they take tens of ms), so that they are ready by the first batch. */
  warm(): void {
    if (this.workers.length === 0 && !this.closed) this.start();
  }

  /** Sends one batch (its input buffer is transferred); resolves with the worker's answer. */
  run(task: BatchTask): Promise<BatchResult> {
    if (this.failed) return Promise.reject(this.failed);
    this.warm();
    const id = this.nextId++;
    const w = this.workers[id % this.workers.length]!;
    if (this.waiting.size === 0) for (const x of this.workers) x.ref();
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      w.postMessage({ ...task, id }, task.op === 'seal' ? [task.input, task.out] : [task.input]);
    });
  }

  /** Ends the workers: each wipes its key and exits; outstanding batches are dropped. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.workers) {
      w.postMessage({ op: 'close' });
      w.unref();
    }
    this.spare.length = 0;
    this.spareOut.length = 0;
  }

  private start(): void {
    const key = this.key.export();
    try {
      const workerData = { key, messageId: this.messageId, cipher: this.suite.cipher, ivLength: this.suite.ivLength, tagLength: this.suite.tagLength, frameLength: this.frameLength };
      for (let i = 0; i < this.size; i++) {
        // workerData is cloned here, synchronously: the copy below can be wiped right after.
        // A small young generation: a worker allocates a little per frame, and the default lets each one grow by tens of MiB before collecting.
        const w = new Worker(FRAME_WORKER_SOURCE, { eval: true, workerData, resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 16 } });
        w.unref();
        w.on('message', (a: Answer) => this.answer(a));
        w.on('error', (err) => this.fail(err));
        w.on('exit', () => {
          if (!this.closed) this.fail(new Error('a frame worker exited before the end of the stream'));
        });
        this.workers.push(w);
      }
    } finally {
      key.fill(0);
    }
  }

  private answer(a: Answer): void {
    const p = this.waiting.get(a.id);
    if (!p) return;
    this.waiting.delete(a.id);
    if (this.waiting.size === 0) for (const w of this.workers) w.unref();
    if (a.input) this.recycle(a.input);
    const result: BatchResult = { output: Buffer.from(a.output, 0, a.length), input: a.input };
    p.resolve(a.failedAt === undefined ? result : { ...result, failedAt: a.failedAt });
  }

  private fail(err: Error): void {
    this.failed ??= err;
    for (const p of this.waiting.values()) p.reject(this.failed);
    this.waiting.clear();
    this.close();
  }
}
