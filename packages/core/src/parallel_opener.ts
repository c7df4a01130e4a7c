/**
 * The frames of a streamed message opened on worker threads (`concurrency` > 1). The decoder reads
 * and checks each frame head on the main thread (sequence, lengths) and hands the frame's bytes
 * here; they are copied into a batch (the caller may reuse its chunks), batches are opened by the
 * workers, and their plaintext is released in order, each frame only once its tag verified. A
 * batch with a failed tag releases the frames before it, then fails with AuthenticationError,
 * exactly as the single-thread path does. Signed suites hash each ciphertext batch as it is sent,
 * on the calling thread, or on a worker of their own when a core is left for it
 * (internal/hash_offload.ts, which copies the batch into its ring first).
 */
import type { AesKey, Verifier } from './crypto/backend.js';
import { AuthenticationError, MalformedMessageError } from './errors.js';
import type { AlgorithmSuite } from './suites.js';
import { FINAL_FRAME_MARKER, headLength } from './format/frame_head.js';
import type { ByteQueue } from './internal/byte_queue.js';
import { BATCH_BYTES, FramePool, type BatchResult } from './internal/frame_pool.js';
import { OrderedWindow } from './internal/ordered_window.js';
import { HashOffload } from './internal/hash_offload.js';
import { copyOut, get32 } from './internal/bytes.js';

export class ParallelOpener {
  private readonly pool: FramePool;
  private readonly window: OrderedWindow<BatchResult>;
  /** Bytes per batch: at least one whole frame. */
  private readonly capacity: number;
  private readonly largest: number;
  private input: ArrayBuffer | undefined;
  private view: Buffer | undefined;
  private filled = 0;
  private count = 0;
  private plainLength = 0;
  private seq = 1;
  /**
   * @param hash for signed suites: the decoder's signature hash (which has seen the header), here or
   * on a worker; it gets each ciphertext batch as the batch is sent
   */
  constructor(suite: AlgorithmSuite, key: AesKey, messageId: Uint8Array, private readonly frameLength: number, concurrency: number, private readonly hash?: Verifier | HashOffload) {
    this.largest = headLength('final', suite) + frameLength + suite.tagLength;
    this.capacity = Math.max(BATCH_BYTES, this.largest);
    this.pool = new FramePool(concurrency, suite, key, messageId, frameLength);
    this.window = new OrderedWindow(4 * concurrency);
    this.pool.warm();
  }

  /** Batches sent and not yet released. */
  get pending(): number {
    return this.window.size;
  }

  /** Copies one frame (given as pieces, with `length` bytes of content) into the batch; sends it when full or final. */
  add(pieces: readonly Buffer[], length: number, final: boolean): void {
    const view = this.current();
    for (const p of pieces) this.filled += p.copy(view, this.filled);
    this.count++;
    this.plainLength += length;
    if (final || this.filled + this.largest > this.capacity) this.send(final);
  }

  /**
   * Copies whole regular frames (`size` bytes each, `plain` of content) from the front of `q` into
   * the batch, in bulk, checking that each is numbered `seq`, `seq + 1`, …; stops at the first that
   * is not (the final frame, or one out of sequence: the caller reads it) and after sending a batch
   * (the caller then makes room). Returns the number of frames taken from `q`.
   */
  addFrames(q: ByteQueue, size: number, plain: number, seq: number): number {
    const view = this.current();
    const k = Math.min(Math.floor((this.capacity - this.filled) / size), Math.floor(q.length / size));
    q.copyTo(view, this.filled, k * size);
    let ok = 0;
    // A regular frame's number is below the final-frame marker (format/frame_head.ts).
    while (ok < k && seq + ok < FINAL_FRAME_MARKER && get32(view, this.filled + ok * size) === seq + ok) ok++;
    q.consume(ok * size);
    this.filled += ok * size;
    this.count += ok;
    this.plainLength += ok * plain;
    if (this.filled + this.largest > this.capacity) this.send(false);
    return ok;
  }

  /** Releases the oldest batches until the window has room. */
  async room(emit: (pt: Buffer) => void): Promise<void> {
    await this.window.room((r) => this.release(r, emit));
    if (this.hash instanceof HashOffload) await this.hash.room();
  }

  /** Releases every batch sent, in order. */
  drain(emit: (pt: Buffer) => void): Promise<void> {
    return this.window.drain((r) => this.release(r, emit));
  }

  /** Stops the workers (end of message, error or destroy; the decoder closes its hash). */
  close(): void {
    this.pool.close();
  }

  private release(r: BatchResult, emit: (pt: Buffer) => void): void {
    // A worker's plaintext leaves as a copy made here and the batch buffer goes back to the pool:
    // buffers that came from a worker are only freed by full collections, which come late (RSS
    // grew by ~70 MiB when they were handed downstream), while ones made here die young. A batch
    // opened on this thread is handed on as it is.
    if (r.output.length > 0) emit(r.owned ? r.output : copyOut(r.output));
    if (!r.owned) this.pool.recycle(r.output.buffer as ArrayBuffer);
    if (r.failedAt !== undefined) throw r.malformed ? new MalformedMessageError('body: frame IV is not its sequence number') : new AuthenticationError();
  }

  /** The batch being filled (a pooled buffer once the previous batch was sent). */
  private current(): Buffer {
    if (!this.view) {
      this.input = this.pool.buffer(this.capacity);
      this.view = Buffer.from(this.input, 0, this.capacity);
    }
    return this.view;
  }

  private send(final: boolean): void {
    this.hash?.update(this.view!.subarray(0, this.filled));
    this.window.add(this.pool.run({ op: 'open', seq: this.seq, input: this.input!, length: this.filled, count: this.count, final, plainLength: this.plainLength }));
    this.seq += this.count;
    this.input = undefined;
    this.view = undefined;
    this.filled = 0;
    this.count = 0;
    this.plainLength = 0;
  }
}
