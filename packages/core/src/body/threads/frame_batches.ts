/**
 * Batches of consecutive frames of one message, sealed or opened with the same codec
 * (format/frame_head.ts) and cipher (crypto/body_cipher.ts, crypto/frame_batch.ts: one backend
 * batch call per batch) as the calling thread's path: run by the body workers (worker.ts) and,
 * when they are all busy, by the calling thread itself.
 */
import { findSuite, type AlgorithmSuite } from '../../suites.js';
import { BodyCipher } from '../../crypto/body_cipher.js';
import { openFrames, sealFrames } from '../../crypto/frame_batch.js';
import { now } from '../../crypto/maybe.js';
import { bodyOverhead } from '../../format/frame_head.js';
import type { BatchAnswer, KeyMessage, OpenTask, SealTask } from './worker_protocol.js';

export class FrameBatches {
  private readonly suite: AlgorithmSuite;
  private readonly cipher: BodyCipher;
  private readonly frameLength: number;

  /** A session's batches under a copy of the message key (`m.key`, which the caller wipes). */
  constructor(m: Omit<KeyMessage, 'op' | 'session'>) {
    this.suite = findSuite(m.suiteId)!;
    this.cipher = now(BodyCipher.fromRawKey(this.suite, m.key, m.messageId));
    this.frameLength = m.frameLength;
  }

  /** Seals the batch into `t.out`, or into a new buffer when `out` is missing or too small (one backend call). */
  seal(t: Omit<SealTask, 'out'> & { readonly out?: ArrayBuffer | undefined }): BatchAnswer {
    const f = this.frameLength;
    const regular = t.final ? (t.length === 0 ? 0 : Math.ceil(t.length / f) - 1) : t.length / f;
    const rest = t.length - regular * f;
    const size = regular * (f + bodyOverhead('frame', this.suite)) + (t.final ? rest + bodyOverhead('final', this.suite) : 0);
    const output = t.out && t.out.byteLength >= size ? t.out : new ArrayBuffer(size);
    const length = now(sealFrames(this.cipher, f, t.seq, new Uint8Array(t.input, 0, t.length), t.length, t.final, new Uint8Array(output)));
    return { output, length, input: t.input };
  }

  /**
   * Opens the batch into `out` (in place when it is the input) in one backend call. Stops at the
   * first frame whose head does not parse or whose tag fails: `failedAt`, with the plaintext of the
   * frames before it only.
   */
  open(t: OpenTask, out: ArrayBuffer = t.input): BatchAnswer {
    const input = out === t.input ? null : t.input;
    const r = now(openFrames(this.cipher, this.frameLength, t.seq, new Uint8Array(t.input, 0, t.length), t.length, t.count, t.final, new Uint8Array(out)));
    if (r.failedAt === undefined) return { output: out, length: r.length, input };
    return { output: out, length: r.length, input, failedAt: r.failedAt, ...(r.malformed !== undefined ? { malformed: r.malformed } : {}) };
  }
}
