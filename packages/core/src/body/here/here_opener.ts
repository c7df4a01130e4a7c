/**
 * The body of a message opened on the calling thread: each part once it is there (small parts from
 * the front chunk in place, large ones from the queued chunks without gathering them), or, in a
 * stream, a large part as its content arrives. Plaintext leaves through `emit` only after its tag
 * verified.
 */
import { LARGE_FRAME, type PartOpening } from '../../crypto/body_cipher.js';
import type { BodyHead } from '../../format/frame_head.js';
import { BodyReader } from '../body_reader.js';
import type { BodyOpener, BodyStart, Emit, VerifyingHash } from '../seams.js';
import { now } from '../../crypto/maybe.js';
import { asBuffer } from '../../internal/bytes.js';

export class HereOpener implements BodyOpener {
  private readonly r: BodyReader;
  /** A stream's large part being opened as its content arrives (see {@link PartOpening}). */
  private opening: PartOpening | undefined;
  constructor(private readonly body: BodyStart, private readonly hash: VerifyingHash | undefined) {
    this.r = new BodyReader(body, hash);
  }

  write(chunk: Buffer, emit: Emit): Promise<void> | undefined {
    const { q } = this.r;
    q.push(chunk);
    while (this.step(emit));
    // The caller may reuse `chunk` once this write is done: keep no view of it.
    if (this.body.streaming) q.own(this.r.partRoom);
    return this.hash?.room();
  }

  end(): Promise<void> | undefined {
    return this.r.finish();
  }

  close(): void {
    this.hash?.close();
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
    const { r, body, hash } = this;
    const head = r.head();
    if (!head) return false;
    const { q, headEnd } = r;
    if (head.length >= LARGE_FRAME && body.streaming && !body.tap) {
      // Opened as its content arrives: the stream keeps no ciphertext of it past a write.
      if (hash) for (const p of q.slices(0, headEnd)) hash.update(p);
      q.consume(headEnd);
      this.opening = body.cipher.opening(head);
      return true;
    }
    const total = headEnd + head.length + body.suite.tagLength;
    if (q.length < total) return false;
    if (head.length >= LARGE_FRAME) this.openLarge(head, total, emit);
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
    for (const p of pt) emit(asBuffer(p));
    this.r.partDone(op.kind);
    return true;
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
    for (const p of out) emit(asBuffer(p));
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
    const c = o + headEnd;
    const pt = asBuffer(now(this.body.cipher.open(head.kind, head.sequence, head.iv, b.subarray(c, c + head.length), b.subarray(c + head.length, o + total))));
    hash?.update(b.subarray(o, o + total));
    tap?.part(head, [pt]);
    q.consume(total);
    emit(pt);
  }
}
