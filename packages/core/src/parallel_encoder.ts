/**
 * The body of a streamed framed message sealed on worker threads (`concurrency` > 1): plaintext is
 * copied into batches of whole frames (the caller may reuse its chunks), each batch is sealed by a
 * worker, and the sealed batches are pushed in order. Bytes are those of the single-thread path.
 * Signed suites hash the header and the sealed batches on the calling thread, or on a worker of
 * their own when a core is left for it (internal/hash_offload.ts), which signs at the end.
 */
import type { StartedMessage } from './encryptor.js';
import type { Push } from './body_encoder.js';
import { BATCH_BYTES, FramePool, type BatchResult } from './internal/frame_pool.js';
import { OrderedWindow } from './internal/ordered_window.js';
import { copyOut } from './internal/bytes.js';
import { FINAL_FRAME_MARKER, bodyOverhead } from './format/frame_head.js';
import { LimitExceededError, needs } from './errors.js';
import { HashOffload, signatureOf, type SigningHash } from './internal/hash_offload.js';

export class ParallelEncoder {
  private readonly pool: FramePool;
  private readonly window: OrderedWindow<BatchResult>;
  /** Plaintext bytes per batch: whole frames. */
  private readonly batch: number;
  /** Bytes a sealed batch may take. */
  private readonly outLength: number;
  private input: ArrayBuffer | undefined;
  private view: Buffer | undefined;
  private filled = 0;
  private seq = 1;
  /** @param hash for signed suites: the signature hash (which has seen the header), here or on a worker */
  constructor(private readonly m: StartedMessage, concurrency: number, private readonly push: Push, private readonly hash: SigningHash | undefined) {
    const f = m.frameLength;
    this.batch = f * Math.max(1, Math.floor(BATCH_BYTES / f));
    // Every frame of the batch plus the final frame, at the final frame's overhead (an upper bound).
    this.outLength = this.batch + (this.batch / f + 1) * bodyOverhead('final', m.suite);
    this.pool = new FramePool(concurrency, m.suite, m.body.key, m.body.messageId, f);
    this.window = new OrderedWindow(4 * concurrency);
    this.pool.warm();
  }

  /** Copies `chunk` into batches; a full batch is sent once bytes after it exist. Resolves when the window has room. */
  async write(chunk: Buffer): Promise<void> {
    let off = 0;
    while (off < chunk.length) {
      if (this.filled === this.batch) {
        this.send(false);
        await this.window.room(this.release);
        if (this.hash instanceof HashOffload) await this.hash.room();
      }
      const view = this.current();
      const n = chunk.copy(view, this.filled, off, off + Math.min(chunk.length - off, this.batch - this.filled));
      this.filled += n;
      off += n;
    }
  }

  /**
   * Sends what is left as the last batch (ending with the final frame) and pushes every batch in
   * order; resolves with the footer's signature for signed suites.
   */
  async end(): Promise<Uint8Array | undefined> {
    this.current();
    this.send(true);
    await this.window.drain(this.release);
    const signature = await signatureOf(this.hash);
    this.close();
    return signature;
  }

  /** Stops the workers (the stream failed or was destroyed). */
  close(): void {
    this.pool.close();
    if (this.hash instanceof HashOffload) this.hash.close();
  }

  // A worker's sealed bytes leave as a copy made here and the batch's buffer goes back to the pool:
  // buffers that came from a worker are only freed by full collections, which come late (RSS grew
  // by ~75 MiB on a 512 MiB stream when they were pushed downstream), while copies made here die
  // young. A batch sealed on this thread is handed on as it is.
  private readonly release = (r: BatchResult): void => {
    const sealed = r.owned ? r.output : copyOut(r.output);
    this.hash?.update(sealed);
    this.push(sealed);
    if (!r.owned) this.pool.recycleOut(r.output.buffer as ArrayBuffer);
  };

  private current(): Buffer {
    if (!this.view) {
      this.input = this.pool.buffer(this.batch);
      this.view = Buffer.from(this.input, 0, this.batch);
    }
    return this.view;
  }

  private send(final: boolean): void {
    const length = this.filled;
    // As on one thread (format/frame_head.ts): regular frames end below the final-frame marker.
    const frames = final ? Math.max(1, Math.ceil(length / this.m.frameLength)) : length / this.m.frameLength;
    needs(this.seq + frames - 1 < (final ? 2 ** 32 : FINAL_FRAME_MARKER), LimitExceededError, 'body: more frames than sequence numbers (2^32 - 1)');
    this.window.add(this.pool.run({ op: 'seal', seq: this.seq, input: this.input!, out: this.pool.outBuffer(this.outLength), length, final }));
    this.seq += length / this.m.frameLength;
    this.input = undefined;
    this.view = undefined;
    this.filled = 0;
  }
}
