/**
 * The body of a message opened on the calling thread: each part once it is there (small parts from
 * the front chunk in place, large ones from the queued chunks without gathering them), or, in a
 * stream, a large part as its content arrives. Plaintext leaves through `emit` only after its tag
 * verified.
 */
import { LARGE_FRAME, type PartOpening } from '../../crypto/body_cipher.js';
import { readFrameHead, type BodyHead } from '../../format/frame_head.js';
import { openFrames } from '../../crypto/frame_batch.js';
import { AuthenticationError } from '../../errors.js';
import { BodyReader } from '../body_reader.js';
import type { BodyOpener, Emit, OpenedBody } from '../seams.js';
import { now } from '../../crypto/maybe.js';
import { asBuffer } from '../../internal/bytes.js';

/** Most regular frames opened in one batch (bounds the output buffer of one call). */
const MAX_RUN = 256;

export class HereOpener implements BodyOpener {
  private readonly r: BodyReader;
  /** A stream's large part being opened as its content arrives (see {@link PartOpening}). */
  private opening: PartOpening | undefined;

  constructor(private readonly body: OpenedBody) {
    this.r = new BodyReader(body);
  }

  write(chunk: Buffer, emit: Emit): Promise<void> | undefined {
    const { q } = this.r;
    q.push(chunk);
    while (this.step(emit));
    // The caller may reuse `chunk` once this write is done: keep no view of it.
    if (this.body.streaming) q.own(this.r.partRoom);
    return this.body.hash?.room();
  }

  end(): Promise<void> | undefined {
    return this.r.finish();
  }

  close(): void {
    this.body.hash?.close();
    this.opening?.discard();
    this.opening = undefined;
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
    const { r, body } = this;
    const head = r.head();
    if (!head) return false;
    const { q, headEnd } = r;
    if (head.length >= LARGE_FRAME && body.streaming && !body.tap) {
      // Opened as its content arrives: the stream keeps no ciphertext of it past a write.
      if (body.hash) for (const p of q.slices(0, headEnd)) body.hash.update(p);
      q.consume(headEnd);
      this.opening = body.cipher.opening(head);
      return true;
    }
    const total = headEnd + head.length + body.suite.tagLength;
    if (q.length < total) return false;
    if (head.kind === 'frame' && head.length < LARGE_FRAME && !body.tap && this.openRun(total, emit)) return true;
    if (head.length >= LARGE_FRAME) this.openLarge(head, total, emit);
    else this.open(head, total, emit);
    r.partDone(head.kind);
    return true;
  }

  /**
   * The regular frames that lie whole in the front chunk from the head just read, opened in one
   * backend batch into one buffer; false when fewer than two lie there (then frame by frame). The
   * plaintext of the frames before a bad tag is emitted, then AuthenticationError.
   */
  private openRun(size: number, emit: Emit): boolean {
    const { r, body } = this;
    const b = r.at;
    const o = r.o;
    if (b !== r.q.frontChunk) return false;
    let count = 1;
    while (o + (count + 1) * size <= b.length && count < MAX_RUN) {
      let next: ReturnType<typeof readFrameHead>;
      try {
        next = readFrameHead(b, o + count * size, body.suite, body.frameLength);
      } catch {
        break; // a bad head: the frames before it in a batch, then the frame-by-frame path refuses it
      }
      if (!next || next.value.kind !== 'frame' || next.value.sequence !== r.seq + count) break;
      count++;
    }
    if (count < 2) return false;
    const f = body.frameLength;
    const out = Buffer.allocUnsafe(count * f);
    const opened = now(openFrames(body.cipher, f, r.seq, b.subarray(o, o + count * size), count * size, count, false, out));
    const good = opened.failedAt ?? count;
    body.hash?.update(b.subarray(o, o + good * size));
    r.q.consume(good * size);
    for (let i = 0; i < good; i++) r.partDone('frame');
    if (good > 0) emit(out.subarray(0, good * f));
    if (opened.failedAt !== undefined) throw new AuthenticationError();
    return true;
  }

  /** Deciphers the queued content of the part being opened; once its tag is there, checks it and emits the plaintext. */
  private feed(emit: Emit): boolean {
    const { q } = this.r;
    const { hash } = this.body;
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
    for (const p of pt) emit(asBuffer(p));
    this.r.partDone(op.kind);
    return true;
  }

  /** A large part decrypted from the queued chunks in place, without gathering it into one buffer. */
  private openLarge(head: BodyHead, total: number, emit: Emit): void {
    const { q, headEnd } = this.r;
    const { hash, tap } = this.body;
    const length = head.length;
    const tag = Buffer.concat(q.slices(headEnd + length, total - headEnd - length));
    const out = now(this.body.cipher.openPieces(head.kind, head.sequence, head.iv, q.slices(headEnd, length), length, tag));
    if (hash) for (const p of q.slices(0, total)) hash.update(p);
    tap?.part(head, out);
    q.consume(total);
    for (const p of out) emit(asBuffer(p));
  }

  /** A small part, from the front chunk when it lies whole there (else from one peek). */
  private open(head: BodyHead, total: number, emit: Emit): void {
    const { q, headEnd } = this.r;
    const { hash, tap } = this.body;
    let b = this.r.at;
    let o = this.r.o;
    if (b.length - o < total) {
      b = q.peek(total);
      o = 0;
    }
    const c = o + headEnd;
    const pt = asBuffer(now(this.body.cipher.open(head.kind, head.sequence, head.iv, b.subarray(c, c + head.length), b.subarray(c + head.length, o + total))));
    hash?.update(b.subarray(o, o + total));
    tap?.part(head, [pt]);
    q.consume(total);
    emit(pt);
  }
}
