/**
 * What both openers read on the calling thread: the queued bytes after the header, each part's
 * head (checked: sequence, lengths, IV), the footer and the end. The openers decide how the
 * content is opened (here/ or threads/).
 */
import { LimitExceededError, MalformedMessageError, SignatureError, TruncatedMessageError, needs } from '../errors.js';
import { ByteQueue } from '../internal/byte_queue.js';
import { LARGE_FRAME } from '../crypto/body_cipher.js';
import { LENT_RUN_LIMIT } from '../crypto/frame_run.js';
import { headLength, readFrameHead, readSingleHead, type BodyHead } from '../format/frame_head.js';
import { maxFooterLength, readFooter } from '../format/footer.js';
import type { BodyStart, VerifyingHash } from './seams.js';

const EMPTY = Buffer.alloc(0);

export class BodyReader {
  readonly q: ByteQueue;
  /** The sequence number the next frame must have. */
  seq = 1;
  state: 'body' | 'footer' | 'done' = 'body';
  /** Where the last head read lies: its bytes are at[o, o + headEnd); the part may lie whole there too. */
  at: Buffer = EMPTY;
  o = 0;
  headEnd = 0;
  /**
   * Bytes of the longest small body part (0 for large ones; with `lend`, of frames up to
   * {@link LENT_RUN_LIMIT}): room kept for a part split over writes.
   */
  readonly partRoom: number;
  /** Bytes of the longest body head of this message. */
  private readonly headRoom: number;
  /** The footer signature's check on the hash's worker, awaited by {@link finish}. */
  private signatureCheck: Promise<boolean> | undefined;

  constructor(readonly body: BodyStart, private readonly hash: VerifyingHash | undefined, lend = false) {
    const framed = body.contentType === 'framed';
    this.q = new ByteQueue(lend);
    this.headRoom = headLength(framed ? 'final' : 'single', body.suite);
    const whole = body.frameLength < LARGE_FRAME || (lend && body.frameLength <= LENT_RUN_LIMIT);
    this.partRoom = framed && whole ? this.headRoom + body.frameLength + body.suite.tagLength : 0;
  }

  /**
   * The head of the part at the front of the queue, checked; undefined when more bytes are needed.
   * Read in place from the front chunk when it holds the longest head (no copy, no view).
   */
  head(): BodyHead | undefined {
    const { q, body } = this;
    let b = q.frontChunk;
    let o = q.frontOffset;
    if (b.length - o < this.headRoom) {
      b = q.peek(Math.min(q.length, this.headRoom));
      o = 0;
    }
    const r = body.contentType === 'framed' ? readFrameHead(b, o, body.suite, body.frameLength) : readSingleHead(b, o, body.suite);
    if (!r) return undefined;
    const head = r.value;
    if (head.kind === 'single') {
      if (head.length > body.maxBody) throw new LimitExceededError(`body: non-framed content of ${head.length} bytes is over the maxBodySize limit (${body.maxBody})`);
    } else if (head.sequence !== this.seq) {
      throw new MalformedMessageError(`body: ${head.kind === 'final' ? 'final ' : ''}frame out of sequence`);
    }
    this.at = b;
    this.o = o;
    this.headEnd = r.end - o;
    return head;
  }

  /** After a part: the next frame, or the footer or the end. */
  partDone(kind: BodyHead['kind']): void {
    if (kind === 'frame') this.seq++;
    else this.state = this.hash ? 'footer' : 'done';
  }

  /**
   * Reads the footer of a signed suite and checks its signature over everything before it (on the
   * hash's worker, the check is awaited by {@link finish}, after every frame as here); false when
   * more bytes are needed.
   */
  footer(): boolean {
    const { q } = this;
    const suite = this.body.suite;
    const r = readFooter(q.peek(Math.min(q.length, maxFooterLength(suite))), 0, suite);
    if (!r) return false;
    const verdict = this.hash!.verify(r.value);
    if (verdict instanceof Promise) {
      this.signatureCheck = verdict;
      verdict.catch(() => {}); // awaited by finish(); a stream destroyed first never gets there
    } else if (!verdict) throw new SignatureError();
    q.consume(r.end);
    this.state = 'done';
    return true;
  }

  /** False, once the message ended, unless bytes follow it (then MalformedMessageError). */
  trailing(): false {
    needs(this.q.length === 0, MalformedMessageError, 'message: trailing bytes after the end of the message');
    return false;
  }

  /** The end of input: throws unless the message is complete; then awaits the signature's verdict from a worker. */
  finish(): Promise<void> | undefined {
    if (this.state !== 'done') throw new TruncatedMessageError();
    const check = this.signatureCheck;
    if (!check) return undefined;
    return check.then((ok) => {
      this.hash?.close();
      if (!ok) throw new SignatureError();
    });
  }
}
