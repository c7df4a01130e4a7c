/**
 * The frames of a streamed message opened on worker threads. Each frame head is read and checked
 * on the calling thread (sequence, lengths: body_reader.ts), and the frame's bytes are copied into
 * a batch (the caller may reuse its chunks); batches are opened by the workers, and their plaintext
 * is released in order, each frame only once its tag verified. A batch with a failed frame releases
 * the frames before it, then fails as the single-thread path would. The window of batches out is
 * bounded, and all of them are released before the footer or the end is checked, so errors come in
 * the single-thread order. Signed suites hash each ciphertext batch as it is sent.
 */
import { AuthenticationError, MalformedMessageError } from '../../errors.js';
import { FINAL_FRAME_MARKER, headLength } from '../../format/frame_head.js';
import { copyOut, get32 } from '../../internal/bytes.js';
import { BodyReader } from '../body_reader.js';
import type { BodyOpener, Emit, OpenedBody } from '../seams.js';
import { BATCH_BYTES, FrameSession, type BatchResult } from './frame_session.js';
import { OrderedWindow } from './ordered_window.js';
import type { WorkerPool } from './worker_pool.js';

export class ParallelOpener implements BodyOpener {
  private readonly r: BodyReader;
  private readonly session: FrameSession;
  private readonly window: OrderedWindow<BatchResult>;
  /** Bytes per batch: at least one whole frame. */
  private readonly capacity: number;
  /** Bytes of a whole regular frame, and of the longest frame. */
  private readonly size: number;
  private readonly largest: number;
  private input: ArrayBuffer | undefined;
  private view: Buffer | undefined;
  private filled = 0;
  private count = 0;
  private plainLength = 0;
  private seq = 1;

  constructor(pool: WorkerPool, private readonly body: OpenedBody, threadCount: number) {
    const { suite, frameLength } = body;
    this.r = new BodyReader(body, body.hash);
    this.size = headLength('frame', suite) + frameLength + suite.tagLength;
    this.largest = headLength('final', suite) + frameLength + suite.tagLength;
    this.capacity = Math.max(BATCH_BYTES, this.largest);
    this.session = new FrameSession(pool, threadCount, body.cipher, frameLength);
    this.window = new OrderedWindow(4 * threadCount);
    this.session.warm();
  }

  async write(chunk: Buffer, emit: Emit): Promise<void> {
    const { r } = this;
    r.q.push(chunk);
    for (;;) {
      if (r.state !== 'body' && this.window.size > 0) await this.window.drain((b) => this.release(b, emit));
      if (!this.step()) break;
      await this.window.room((b) => this.release(b, emit));
      await this.body.hash?.room();
    }
    r.q.own();
  }

  async end(emit: Emit): Promise<void> {
    await this.window.drain((b) => this.release(b, emit));
    this.session.close();
    await this.r.finish();
  }

  close(): void {
    this.session.close();
    this.body.hash?.close();
  }

  /** Reads one unit (frames, the footer); false when it needs more bytes or the message ended. */
  private step(): boolean {
    const { r } = this;
    switch (r.state) {
      case 'body':
        return this.frames();
      case 'footer':
        return r.footer();
      default:
        return r.trailing();
    }
  }

  /** Regular frames in bulk; then the final frame (or a frame split over writes, or an error) read head first. */
  private frames(): boolean {
    const { r } = this;
    const n = this.addFrames();
    r.seq += n;
    if (n > 0) return true;
    const head = r.head();
    if (!head) return false;
    const total = r.headEnd + head.length + this.body.suite.tagLength;
    if (r.q.length < total) return false;
    const view = this.current();
    for (const p of r.q.slices(0, total)) this.filled += p.copy(view, this.filled);
    r.q.consume(total);
    this.count++;
    this.plainLength += head.length;
    const final = head.kind === 'final';
    if (final || this.filled + this.largest > this.capacity) this.send(final);
    r.partDone(head.kind);
    return true;
  }

  /**
   * Copies whole regular frames from the front of the queue into the batch, in bulk, checking that
   * each is numbered `seq`, `seq + 1`, …; stops at the first that is not (the final frame, or one
   * out of sequence: read by its head) and after sending a batch. Returns the frames taken.
   */
  private addFrames(): number {
    const { q, seq } = this.r;
    const { size } = this;
    const view = this.current();
    const k = Math.min(Math.floor((this.capacity - this.filled) / size), Math.floor(q.length / size));
    q.copyTo(view, this.filled, k * size);
    let ok = 0;
    // A regular frame's number is below the final-frame marker (format/frame_head.ts).
    while (ok < k && seq + ok < FINAL_FRAME_MARKER && get32(view, this.filled + ok * size) === seq + ok) ok++;
    q.consume(ok * size);
    this.filled += ok * size;
    this.count += ok;
    this.plainLength += ok * this.body.frameLength;
    if (this.filled + this.largest > this.capacity) this.send(false);
    return ok;
  }

  private release(b: BatchResult, emit: Emit): void {
    // A worker's plaintext leaves as a copy made here and the batch buffer goes back to the
    // session: buffers that came from a worker are only freed by full collections, which come
    // late, while ones made here die young. A batch opened on this thread is handed on as it is.
    if (b.output.length > 0) emit(b.owned ? b.output : copyOut(b.output));
    if (!b.owned) this.session.recycle(b.output.buffer as ArrayBuffer);
    if (b.malformed !== undefined) throw new MalformedMessageError(b.malformed);
    if (b.failedAt !== undefined) throw new AuthenticationError();
  }

  /** The batch being filled (a pooled buffer once the previous batch was sent). */
  private current(): Buffer {
    if (!this.view) {
      this.input = this.session.buffer(this.capacity);
      this.view = Buffer.from(this.input, 0, this.capacity);
    }
    return this.view;
  }

  private send(final: boolean): void {
    this.body.hash?.update(this.view!.subarray(0, this.filled));
    this.window.add(this.session.run({ op: 'open', seq: this.seq, input: this.input!, length: this.filled, count: this.count, final, plainLength: this.plainLength }));
    this.seq += this.count;
    this.input = undefined;
    this.view = undefined;
    this.filled = 0;
    this.count = 0;
    this.plainLength = 0;
  }
}
