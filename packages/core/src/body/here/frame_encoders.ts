/**
 * The body of a streamed message once its header is out: plaintext chunks in, body parts out
 * through the codecs (format/frame_head.ts). The writers share one interface: small frames
 * (sealed from the chunk: in runs into one output buffer per write (run_frame_encoder.ts), or
 * frame by frame as the cipher makes them, whichever the backend does cheaper), large frames (sealed from views of the
 * input chunks) and a non-framed body (buffered, since its head states the length).
 */
import { LimitExceededError } from '../../errors.js';
import { LARGE_FRAME } from '../../crypto/body_cipher.js';
import { bodyOverhead, headLength, writeBodyHead, writeFrameHead } from '../../format/frame_head.js';
import { writeFinalFrame, writeNonFramed, type StartedMessage } from '../../encryptor.js';
import { DEFAULT_MAX_BODY_SIZE, type EncryptOptions } from '../../options.js';
import type { Push } from '../seams.js';
import { BATCHES_SET_UP_FREE, LENT_RUN_LIMIT } from '../../crypto/frame_run.js';
import { RunFrameEncoder } from './run_frame_encoder.js';
import { HeldFrameEncoder, type BodyEncoder } from './held_frames.js';
import { now } from '../../crypto/maybe.js';
import { asBuffer } from '../../internal/bytes.js';



/**
 * The body writer for a started message. With `lend` (a writer whose output views live until its
 * sink returns) and a backend that seals runs of frames without a set-up each, frames up to
 * {@link LENT_RUN_LIMIT} are sealed in runs into one reused buffer, large ones too.
 */
export function frameEncoder(m: StartedMessage, options: EncryptOptions, lend = false): BodyEncoder {
  if (m.frameLength === 0) return new NonFramedEncoder(m, options.maxBodySize ?? DEFAULT_MAX_BODY_SIZE);
  if (lend && BATCHES_SET_UP_FREE && m.frameLength <= LENT_RUN_LIMIT) return new RunFrameEncoder(m, true);
  if (m.frameLength >= LARGE_FRAME) return new LargeFrameEncoder(m);
  return BATCHES_SET_UP_FREE ? new RunFrameEncoder(m, false) : new LinkFrameEncoder(m);
}

/**
 * Small frames with a backend that makes a cipher per frame (node:crypto): whole frames inside a
 * chunk are sealed from it, the rest is copied into `pending`. Each frame leaves as its
 * ciphertext, as the cipher made it, between small "links" holding the tag before it and its head:
 * copying the ciphertext into one buffer per chunk costs more (the copy, and twice the garbage)
 * than the extra pushes do.
 */
class LinkFrameEncoder extends HeldFrameEncoder implements BodyEncoder {
  private readonly tagLength: number;
  private readonly headLength: number;
  /** The buffer that gets the next frame's head after the tag before it, and where the head goes. */
  private link: Buffer = Buffer.alloc(0);
  private at = 0;

  constructor(m: StartedMessage) {
    super(m);
    this.tagLength = m.suite.tagLength;
    this.headLength = headLength('frame', m.suite);
  }

  protected begin(): void {
    this.link = Buffer.allocUnsafe(this.headLength);
    this.at = 0;
  }

  protected seal(src: Buffer, at: number, count: number, push: Push): void {
    const f = this.m.frameLength;
    for (let i = 0; i < count; i++) {
      this.link = this.frame(src.subarray(at + i * f, at + (i + 1) * f), this.link, this.at, push);
      this.at = this.link.length - this.headLength;
    }
  }

  protected finish(push: Push): void {
    push(this.link.subarray(0, this.tagLength));
  }

  /**
   * Writes the head of the next regular frame at link[at..], pushes the link and then the frame's
   * ciphertext; returns the next link, which starts with this frame's tag.
   */
  private frame(plaintext: Uint8Array, link: Buffer, at: number, push: Push): Buffer {
    const { body } = this.m;
    writeFrameHead(this.seq, body.ivFor(this.seq), link, at);
    push(link);
    const next = Buffer.allocUnsafe(this.tagLength + this.headLength);
    push(asBuffer(now(body.seal('frame', this.seq++, plaintext, next, 0))));
    return next;
  }

  end(push: Push): void {
    try {
      finalFrame(this.m, this.seq, this.held(), push);
    } finally {
      this.wipe();
    }
  }
}

/** Writes the final frame of `plaintext` (what is left of the message) in one buffer. */
function finalFrame(m: StartedMessage, seq: number, plaintext: Uint8Array, push: Push): void {
  const out = Buffer.allocUnsafe(bodyOverhead('final', m.suite) + plaintext.length);
  push(out.subarray(0, now(writeFinalFrame(m.body, seq, plaintext, out, 0))));
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
