/**
 * The body of an encrypting stream sealed on worker threads: plaintext is copied into batches of
 * whole frames (the caller may reuse its chunks), each batch is sealed by a worker, and the sealed
 * batches are pushed in order. Bytes are those of the single-thread path. Signed suites hash the
 * sealed batches as they are pushed (the hash may be a ring to a worker of its own).
 */
import type { StartedMessage } from '../../encryptor.js';
import { copyOut } from '../../internal/bytes.js';
import { FINAL_FRAME_MARKER, bodyOverhead } from '../../format/frame_head.js';
import { LimitExceededError, needs } from '../../errors.js';
import type { BodySealer, Push, SigningHash } from '../seams.js';
import { BATCH_BYTES, FrameSession, type BatchResult } from './frame_session.js';
import { OrderedWindow } from './ordered_window.js';
import type { WorkerPool } from './worker_pool.js';

export class ParallelSealer implements BodySealer {
  private readonly session: FrameSession;
  private readonly window: OrderedWindow<BatchResult>;
  /** Plaintext bytes per batch: whole frames. */
  private readonly batch: number;
  /** Bytes a sealed batch may take. */
  private readonly outLength: number;
  private input: ArrayBuffer | undefined;
  private view: Buffer | undefined;
  private filled = 0;
  private seq = 1;

  /** @param hash for signed suites: the signature hash (which has seen the header) */
  constructor(pool: WorkerPool, private readonly m: StartedMessage, threadCount: number, private readonly push: Push, private readonly hash: SigningHash | undefined) {
    const f = m.frameLength;
    this.batch = f * Math.max(1, Math.floor(BATCH_BYTES / f));
    // Every frame of the batch plus the final frame, at the final frame's overhead (an upper bound).
    this.outLength = this.batch + (this.batch / f + 1) * bodyOverhead('final', m.suite);
    this.session = new FrameSession(pool, threadCount, m.body, f);
    this.window = new OrderedWindow(4 * threadCount);
    this.session.warm();
  }

  /** Copies `chunk` into batches; a full batch is sent once bytes after it exist. Resolves when the window has room. */
  async write(chunk: Buffer): Promise<void> {
    let off = 0;
    while (off < chunk.length) {
      if (this.filled === this.batch) {
        this.send(false);
        await this.window.room(this.release);
        await this.hash?.room();
      }
      const view = this.current();
      const n = chunk.copy(view, this.filled, off, off + Math.min(chunk.length - off, this.batch - this.filled));
      this.filled += n;
      off += n;
    }
  }

  /** Sends what is left as the last batch (ending with the final frame), pushes every batch in order; the footer's signature. */
  async end(): Promise<Uint8Array | undefined> {
    this.current();
    this.send(true);
    await this.window.drain(this.release);
    const signature = await this.hash?.sign();
    this.close();
    return signature;
  }

  close(): void {
    this.session.close();
    this.hash?.close();
  }

  // A worker's sealed bytes leave as a copy made here and the batch's buffer goes back to the
  // session: buffers that came from a worker are only freed by full collections, which come late,
  // while copies made here die young. A batch sealed on this thread is handed on as it is.
  private readonly release = (r: BatchResult): void => {
    const sealed = r.owned ? r.output : copyOut(r.output);
    this.hash?.update(sealed);
    this.push(sealed);
    if (!r.owned) this.session.recycleOut(r.output.buffer as ArrayBuffer);
  };

  private current(): Buffer {
    if (!this.view) {
      this.input = this.session.buffer(this.batch);
      this.view = Buffer.from(this.input, 0, this.batch);
    }
    return this.view;
  }

  private send(final: boolean): void {
    const length = this.filled;
    // As on one thread (format/frame_head.ts): regular frames end below the final-frame marker.
    const frames = final ? Math.max(1, Math.ceil(length / this.m.frameLength)) : length / this.m.frameLength;
    needs(this.seq + frames - 1 < (final ? 2 ** 32 : FINAL_FRAME_MARKER), LimitExceededError, 'body: more frames than sequence numbers (2^32 - 1)');
    this.window.add(this.session.run({ op: 'seal', seq: this.seq, input: this.input!, out: this.session.outBuffer(this.outLength), length, final }));
    this.seq += length / this.m.frameLength;
    this.input = undefined;
    this.view = undefined;
    this.filled = 0;
  }
}
