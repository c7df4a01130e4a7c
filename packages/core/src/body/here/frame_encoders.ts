/**
 * The body of a streamed message once its header is out: plaintext chunks in, body parts out
 * through the codecs (format/frame_head.ts). Three writers share one interface: small frames
 * (sealed from the chunk in batches, one output buffer per write), large frames (sealed from
 * views of the input chunks) and a non-framed body (buffered, since its head states the length).
 */
import { LimitExceededError } from '../../errors.js';
import { LARGE_FRAME } from '../../crypto/body_cipher.js';
import { bodyOverhead, headLength, writeBodyHead } from '../../format/frame_head.js';
import { writeFinalFrame, writeNonFramed, type StartedMessage } from '../../encryptor.js';
import { DEFAULT_MAX_BODY_SIZE, type EncryptOptions } from '../../options.js';
import type { Push } from '../seams.js';
import { sealFrames } from '../../crypto/frame_batch.js';
import { now } from '../../crypto/maybe.js';
import { asBuffer } from '../../internal/bytes.js';

/** Turns plaintext chunks into body parts. */
export interface BodyEncoder {
  /** Takes one chunk; writes every part that is complete and known not to be the last. */
  write(chunk: Buffer, push: Push): void;
  /** Writes what is left as the last part (the final frame, or the non-framed body). */
  end(push: Push): void;
}

/** The body writer for a started message. */
export function frameEncoder(m: StartedMessage, options: EncryptOptions): BodyEncoder {
  if (m.frameLength === 0) return new NonFramedEncoder(m, options.maxBodySize ?? DEFAULT_MAX_BODY_SIZE);
  return m.frameLength >= LARGE_FRAME ? new LargeFrameEncoder(m) : new SmallFrameEncoder(m);
}

/**
 * Small frames: the whole frames a chunk completes go out in one buffer per write (heads,
 * ciphertext and tags), sealed by the backend in one batch (two when a frame started in an
 * earlier chunk), so a write allocates one buffer whatever its number of frames; the rest is
 * copied into `pending`.
 */
class SmallFrameEncoder implements BodyEncoder {
  /** Up to one frame of plaintext not yet written (a copy: the caller may reuse its chunk). */
  private readonly pending: Buffer;
  private pendingLength = 0;
  private seq = 1;
  /** Bytes of one regular frame: head, content and tag. */
  private readonly frameBytes: number;

  constructor(private readonly m: StartedMessage) {
    this.pending = Buffer.allocUnsafe(m.frameLength);
    this.frameBytes = headLength('frame', m.suite) + m.frameLength + m.suite.tagLength;
  }

  write(chunk: Buffer, push: Push): void {
    const f = this.m.frameLength;
    // Frames are written only when more bytes follow them, so the final frame is never empty
    // unless the whole input is.
    const total = this.pendingLength + chunk.length;
    let frames = total === 0 ? 0 : Math.ceil(total / f) - 1;
    if (frames === 0) {
      this.pendingLength += chunk.copy(this.pending, this.pendingLength);
      return;
    }
    const { body } = this.m;
    const out = Buffer.allocUnsafe(frames * this.frameBytes);
    let w = 0;
    let off = 0;
    if (this.pendingLength > 0) {
      off = chunk.copy(this.pending, this.pendingLength, 0, f - this.pendingLength);
      w = now(sealFrames(body, f, this.seq++, this.pending, f, false, out));
      frames--;
    }
    if (frames > 0) {
      now(sealFrames(body, f, this.seq, chunk.subarray(off, off + frames * f), frames * f, false, out.subarray(w)));
      this.seq += frames;
      off += frames * f;
    }
    push(out);
    this.pendingLength = chunk.copy(this.pending, 0, off);
  }

  end(push: Push): void {
    const out = Buffer.allocUnsafe(bodyOverhead('final', this.m.suite) + this.pendingLength);
    push(out.subarray(0, now(writeFinalFrame(this.m.body, this.seq, this.pending.subarray(0, this.pendingLength), out, 0))));
  }
}

/**
 * Large frames: the input chunks of a frame are kept as views and fed to the cipher one by one, and
 * the ciphertext pieces are pushed as they are, so no frame is ever gathered into one buffer. Only
 * the bytes held past a write's callback are copied (its caller may reuse them).
 */
class LargeFrameEncoder implements BodyEncoder {
  private views: Buffer[] = [];
  private viewsLength = 0;
  private seq = 1;

  constructor(private readonly m: StartedMessage) {}

  write(chunk: Buffer, push: Push): void {
    if (chunk.length === 0) return;
    this.views.push(chunk);
    this.viewsLength += chunk.length;
    // A frame is written once bytes after it exist, so the last one is always the final frame.
    while (this.viewsLength > this.m.frameLength) this.frame('frame', this.take(this.m.frameLength), this.m.frameLength, push);
    // Earlier views are copies already; what is left of `chunk` is the last one.
    const last = this.views.length - 1;
    if (last >= 0) this.views[last] = Buffer.from(this.views[last]!);
  }

  end(push: Push): void {
    const length = this.viewsLength;
    this.frame('final', this.take(length), length, push);
  }

  /**
   * Removes the first `n` bytes from the views and returns them as views. Whole views leave in one
   * splice: shifting them off one by one made a frame of many small writes quadratic in their number.
   */
  private take(n: number): Buffer[] {
    const got: Buffer[] = [];
    let i = 0;
    while (n > 0) {
      const v = this.views[i]!;
      const part = v.length <= n ? v : v.subarray(0, n);
      got.push(part);
      if (part === v) i++;
      else this.views[i] = v.subarray(n);
      n -= part.length;
      this.viewsLength -= part.length;
    }
    if (i > 0) this.views.splice(0, i);
    return got;
  }

  private frame(kind: 'frame' | 'final', pieces: Buffer[], length: number, push: Push): void {
    const { suite, body } = this.m;
    const head = Buffer.allocUnsafe(headLength(kind, suite));
    writeBodyHead({ kind, sequence: this.seq, iv: body.ivFor(this.seq), length }, suite, head, 0);
    const { ciphertext, tag } = now(body.sealPieces(kind, this.seq++, pieces, length));
    push(head);
    for (const c of ciphertext) if (c.length) push(asBuffer(c));
    push(asBuffer(tag));
  }
}

/** A non-framed body: its head states the content length, so the plaintext is buffered (copied) up to a limit. */
class NonFramedEncoder implements BodyEncoder {
  private readonly whole: Buffer[] = [];
  private length = 0;

  constructor(private readonly m: StartedMessage, private readonly maxBody: number) {}

  write(chunk: Buffer): void {
    this.length += chunk.length;
    if (this.length > this.maxBody) throw new LimitExceededError(`non-framed stream: plaintext over the maxBodySize limit (${this.maxBody})`);
    this.whole.push(Buffer.from(chunk));
  }

  end(push: Push): void {
    const pt = this.whole.length === 1 ? this.whole[0]! : Buffer.concat(this.whole);
    const out = Buffer.allocUnsafe(bodyOverhead('single', this.m.suite) + pt.length);
    push(out.subarray(0, now(writeNonFramed(this.m.body, pt, out, 0))));
  }
}
