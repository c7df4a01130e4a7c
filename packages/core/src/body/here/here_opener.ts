/**
 * The body of a message opened on the calling thread: each part once it is there (small parts from
 * the front chunk in place, large ones from the queued chunks without gathering them), or, in a
 * stream, a large part as its content arrives. Plaintext leaves through `emit` only after its tag
 * verified.
 *
 * Lending (a reader whose sink is done with each view when it returns, message_reader.ts): with a
 * backend that opens runs of frames without a set-up each, frames up to LENT_RUN_LIMIT, large ones
 * too, are opened whole into one reused scratch buffer and each run goes out as one view of it; the
 * scratch is zeroed when the message ends or fails, and other plaintext once `emit` returned.
 */
import { LARGE_FRAME, type PartOpening } from '../../crypto/body_cipher.js';
import { readFrameHead, type BodyHead } from '../../format/frame_head.js';
import { BodyReader } from '../body_reader.js';
import type { BodyOpener, BodyStart, Emit, VerifyingHash } from '../seams.js';
import { now } from '../../crypto/maybe.js';
import { asBuffer } from '../../internal/bytes.js';
import { AuthenticationError } from '../../errors.js';
import { BATCHES_SET_UP_FREE, FrameRun, LENT_RUN_LIMIT } from '../../crypto/frame_run.js';

/** Plaintext bytes a lending opener's scratch holds at most (at least one frame). */
const LENT_SCRATCH_BYTES = 512 * 1024;

export class HereOpener implements BodyOpener {
  private readonly r: BodyReader;
  /** A stream's large part being opened as its content arrives (see {@link PartOpening}). */
  private opening: PartOpening | undefined;
  /**
   * With a backend whose batches cost no set-up per frame: the regular frames of a run opened in one
   * call. Laid out at the first regular frame (see {@link runFor}), or at once when lending.
   */
  private run: FrameRun | undefined;
  /** Whether this message's regular frames go in runs. */
  private readonly runs: boolean;
  /** Lending with runs: where frames are opened, and how many it holds. */
  private readonly scratch: Buffer | undefined;
  private readonly runMax: number = 0;
  constructor(private readonly body: BodyStart, private readonly hash: VerifyingHash | undefined, private readonly lend = false) {
    this.r = new BodyReader(body, hash, lend);
    const f = body.contentType === 'framed' ? body.frameLength : 0;
    const runs = f > 0 && (f < LARGE_FRAME || (lend && f <= LENT_RUN_LIMIT));
    this.runs = BATCHES_SET_UP_FREE && runs && !body.tap;
    if (this.runs && lend) {
      this.run = new FrameRun(body.cipher, f);
      this.runMax = Math.max(1, Math.min(this.run.capacity, Math.floor(LENT_SCRATCH_BYTES / f)));
      this.scratch = Buffer.allocUnsafeSlow(this.runMax * f);
    }
  }

  write(chunk: Buffer, emit: Emit): Promise<void> | undefined {
    const { q } = this.r;
    q.push(chunk);
    try {
      while (this.step(emit));
    } catch (e) {
      this.scratch?.fill(0);
      throw e;
    }
    // The caller may reuse `chunk` once this write is done: keep no view of it.
    if (this.body.streaming) q.own(this.r.partRoom);
    return this.hash?.room();
  }

  end(): Promise<void> | undefined {
    this.scratch?.fill(0);
    return this.r.finish();
  }

  close(): void {
    this.scratch?.fill(0);
    this.hash?.close();
    this.opening?.discard();
    this.opening = undefined;
  }

  /** Hands `pt` to `emit`; lending, zeroes it afterwards unless it is the scratch (zeroed at the end). */
  private give(pt: Buffer, emit: Emit): void {
    emit(pt);
    if (this.lend && pt.buffer !== this.scratch?.buffer) pt.fill(0);
  }

  /** Reads one unit (a part, the footer); false when it needs more bytes or the message ended. */
  private step(emit: Emit): boolean {
    switch (this.r.state) {
      case 'body':
        return this.opening ? this.feed(emit) : this.part(emit);
      case 'footer':
        return this.r.footer();
      default:
        return this.r.trailing();
    }
  }

  /** One frame, or the non-framed body: its head, then the whole part once it is there. */
  private part(emit: Emit): boolean {
    const { r, body, hash } = this;
    const head = r.head();
    if (!head) return false;
    const { q, headEnd } = r;
    if (head.length >= LARGE_FRAME && body.streaming && !body.tap && !this.scratch) {
      // Opened as its content arrives: the stream keeps no ciphertext of it past a write.
      if (hash) for (const p of q.slices(0, headEnd)) hash.update(p);
      q.consume(headEnd);
      this.opening = body.cipher.opening(head);
      return true;
    }
    if (this.runs && head.kind === 'frame' && this.openRun(this.runFor(), emit)) return true;
    const total = headEnd + head.length + body.suite.tagLength;
    if (q.length < total) return false;
    if (head.length >= LARGE_FRAME && !this.scratch) this.openLarge(head, total, emit);
    else this.open(head, total, emit);
    r.partDone(head.kind);
    return true;
  }

  /** Deciphers the queued content of the part being opened; once its tag is there, checks it and emits the plaintext. */
  private feed(emit: Emit): boolean {
    const { q } = this.r;
    const { hash } = this;
    const op = this.opening!;
    const n = Math.min(q.length, op.left);
    if (n > 0) {
      for (const p of q.slices(0, n)) {
        hash?.update(p);
        op.update(p);
      }
      q.consume(n);
    }
    const tagLength = this.body.suite.tagLength;
    if (op.left > 0 || q.length < tagLength) return false;
    const tag = q.peek(tagLength);
    hash?.update(tag);
    const pt = now(op.finish(tag));
    q.consume(tagLength);
    this.opening = undefined;
    for (const p of pt) this.give(asBuffer(p), emit);
    this.r.partDone(op.kind);
    return true;
  }

  /**
   * The run layout, made at the first regular frame: a message shorter than one frame (most small
   * messages) has none, and laying out a run cost more than opening such a message.
   */
  private runFor(): FrameRun {
    return (this.run ??= new FrameRun(this.body.cipher, this.body.frameLength));
  }

  /**
   * The regular frames lying whole in the front chunk from the head just read, opened in one batch
   * into one buffer once every tag verified (up to the first that failed: what came before it, then
   * AuthenticationError). Each frame leaves as a view of its own, as frame by frame: a consumer sees
   * the same chunks whichever path opened them, and one chunk per run would leave V8 fewer objects
   * to count, so fewer scavenges and dead plaintext kept longer (the young generation's pace, not
   * the bytes, decides that). False when no whole frame lies there.
   */
  private openRun(run: FrameRun, emit: Emit): boolean {
    const { r, hash } = this;
    const { q } = r;
    const b = r.at;
    const o = r.o;
    if (b !== q.frontChunk || o !== q.frontOffset) return false;
    let n = 0;
    const most = this.scratch ? this.runMax : run.capacity;
    for (let h = o; n < most && h + run.frameBytes <= b.length && this.regularAt(b, h, r.seq + n); h += run.frameBytes) n++;
    if (n === 0) return false;
    const f = this.body.frameLength;
    const out = this.scratch ?? Buffer.allocUnsafe(n * f);
    const k = run.open(r.seq, n, b, o, out, 0);
    hash?.update(b.subarray(o, o + k * run.frameBytes));
    q.consume(k * run.frameBytes);
    r.seq += k;
    // Lent: the run as one view (its sink is done with it on return, no consumer counts chunks).
    if (this.scratch && k > 0) emit(out.subarray(0, k * f));
    else for (let i = 0; i < k; i++) emit(out.subarray(i * f, (i + 1) * f));
    if (k < n) throw new AuthenticationError({ cause: new Error('AES-GCM: the authentication tag did not verify') });
    return true;
  }

  /**
   * Whether a regular frame numbered `seq` with a well-formed head starts at b[h..] (else the run
   * ends before it, and the part-by-part path reads it and refuses it if it must). Read by the
   * format's own reader: its few objects per frame also keep V8 collecting the young generation
   * often enough that dead plaintext buffers do not pile up (bench/README.md § Native AES-GCM backend).
   */
  private regularAt(b: Buffer, h: number, seq: number): boolean {
    try {
      const x = readFrameHead(b, h, this.body.suite, this.body.frameLength);
      return x !== undefined && x.value.kind === 'frame' && x.value.sequence === seq;
    } catch {
      return false;
    }
  }

  /** A large part decrypted from the queued chunks in place, without gathering it into one buffer. */
  private openLarge(head: BodyHead, total: number, emit: Emit): void {
    const { q, headEnd } = this.r;
    const { hash } = this;
    const { tap } = this.body;
    const length = head.length;
    const tag = Buffer.concat(q.slices(headEnd + length, total - headEnd - length));
    const out = now(this.body.cipher.openPieces(head.kind, head.sequence, head.iv, q.slices(headEnd, length), length, tag));
    if (hash) for (const p of q.slices(0, total)) hash.update(p);
    tap?.part(head, out);
    q.consume(total);
    for (const p of out) this.give(asBuffer(p), emit);
  }

  /** A small part, from the front chunk when it lies whole there (else from one peek). */
  private open(head: BodyHead, total: number, emit: Emit): void {
    const { q, headEnd } = this.r;
    const { hash } = this;
    const { tap } = this.body;
    let b = this.r.at;
    let o = this.r.o;
    if (b.length - o < total) {
      b = q.peek(total);
      o = 0;
    }
    if (this.scratch && head.kind === 'frame') {
      this.openOne(b, o, total, emit);
      return;
    }
    const c = o + headEnd;
    const pt = asBuffer(now(this.body.cipher.open(head.kind, head.sequence, head.iv, b.subarray(c, c + head.length), b.subarray(c + head.length, o + total))));
    hash?.update(b.subarray(o, o + total));
    tap?.part(head, [pt]);
    q.consume(total);
    this.give(pt, emit);
  }

  /** Lending: the regular frame at b[o..o + total) (its head checked) opened into the scratch. */
  private openOne(b: Buffer, o: number, total: number, emit: Emit): void {
    const ok = this.run!.open(this.r.seq, 1, b, o, this.scratch!, 0) === 1;
    if (!ok) throw new AuthenticationError({ cause: new Error('AES-GCM: the authentication tag did not verify') });
    this.hash?.update(b.subarray(o, o + total));
    this.r.q.consume(total);
    emit(this.scratch!.subarray(0, this.body.frameLength));
  }
}
