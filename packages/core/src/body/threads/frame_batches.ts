/**
 * Batches of consecutive frames of one message, sealed or opened with the same codec
 * (format/frame_head.ts) and cipher (crypto/body_cipher.ts) as the calling thread's path: run by
 * the body workers (worker.ts) and, when they are all busy, by the calling thread itself.
 */
import { AuthenticationError, MalformedMessageError } from '../../errors.js';
import { findSuite, type AlgorithmSuite } from '../../suites.js';
import { BodyCipher } from '../../crypto/body_cipher.js';
import { bodyOverhead, readFrameHead, writeBodyHead, writeFrameHead } from '../../format/frame_head.js';
import type { BatchAnswer, KeyMessage, OpenTask, SealTask } from './worker_protocol.js';

export class FrameBatches {
  private readonly suite: AlgorithmSuite;
  private readonly cipher: BodyCipher;
  private readonly frameLength: number;

  /** A session's batches under a copy of the message key (`m.key`, which the caller wipes). */
  constructor(m: Omit<KeyMessage, 'op' | 'session'>) {
    this.suite = findSuite(m.suiteId)!;
    this.cipher = BodyCipher.fromRawKey(this.suite, m.key, m.messageId);
    this.frameLength = m.frameLength;
  }

  /** Seals the batch into `t.out`, or into a new buffer when `out` is missing or too small. */
  seal(t: Omit<SealTask, 'out'> & { readonly out?: ArrayBuffer | undefined }): BatchAnswer {
    const f = this.frameLength;
    const regular = t.final ? (t.length === 0 ? 0 : Math.ceil(t.length / f) - 1) : t.length / f;
    const rest = t.length - regular * f;
    const size = regular * (f + bodyOverhead('frame', this.suite)) + (t.final ? rest + bodyOverhead('final', this.suite) : 0);
    const output = t.out && t.out.byteLength >= size ? t.out : new ArrayBuffer(size);
    const pt = Buffer.from(t.input, 0, t.length);
    const out = Buffer.from(output);
    const c = this.cipher;
    let o = 0;
    let seq = t.seq;
    for (let i = 0; i < regular; i++, seq++) {
      o = writeFrameHead(seq, c.ivFor(seq), out, o);
      o = c.sealInto('frame', seq, pt.subarray(i * f, (i + 1) * f), out, o);
    }
    if (t.final) {
      o = writeBodyHead({ kind: 'final', sequence: seq, iv: c.ivFor(seq), length: rest }, this.suite, out, o);
      o = c.sealInto('final', seq, pt.subarray(regular * f), out, o);
    }
    return { output, length: o, input: t.input };
  }

  /**
   * Opens the batch into `out` (in place when it is the input: frame i's plaintext goes before its
   * ciphertext, which is read by then). Stops at the first frame whose head does not parse or whose
   * tag fails: `failedAt`, with the plaintext of the frames before it only.
   */
  open(t: OpenTask, out: ArrayBuffer = t.input): BatchAnswer {
    const b = Buffer.from(t.input, 0, t.length);
    const dst = out === t.input ? b : Buffer.from(out);
    const input = out === t.input ? null : t.input;
    const { suite, frameLength } = this;
    let o = 0;
    let w = 0;
    for (let i = 0; i < t.count; i++) {
      let r;
      try {
        r = readFrameHead(b, o, suite, frameLength);
      } catch (err) {
        if (!(err instanceof MalformedMessageError)) throw err;
        return { output: out, length: w, input, failedAt: i, malformed: err.message };
      }
      const head = r?.value;
      // The calling thread read these heads already (sequence, kind): a mismatch is a bug, not input.
      if (!r || !head || head.sequence !== t.seq + i || (head.kind === 'final') !== (t.final && i === t.count - 1)) throw new Error('body worker: batch layout differs from its task');
      const c = r.end;
      const end = c + head.length;
      try {
        w += this.cipher.open(head.kind, head.sequence, head.iv, b.subarray(c, end), b.subarray(end, end + suite.tagLength)).copy(dst, w);
      } catch (err) {
        if (!(err instanceof AuthenticationError)) throw err;
        return { output: out, length: w, input, failedAt: i };
      }
      o = end + suite.tagLength;
    }
    return { output: out, length: w, input };
  }
}
