/**
 * Runs of consecutive frames sealed or opened in one backend call (sealBatch/openBatch), for the
 * paths that hold whole frames side by side (a stream's batches on worker threads, or on the
 * calling thread in their place). The bytes are those of BodyCipher frame by frame: the heads are
 * written and read by format/frame_head.ts, the AADs and IVs laid out here once per run.
 */
import { backend } from '#crypto-backend';
import { MalformedMessageError } from '../errors.js';
import { headLength, readFrameHead, writeBodyHead, writeFrameHead } from '../format/frame_head.js';
import { asBuffer } from '../internal/bytes.js';
import type { GcmBatch, MaybePromise } from './backend.js';
import type { BodyCipher } from './body_cipher.js';
import { isPromise } from './maybe.js';

/** What {@link openFrames} released: plaintext bytes written, and the first frame whose tag failed. */
export interface OpenedFrames {
  readonly length: number;
  readonly failedAt?: number;
}

/** The per-operation arrays of a run of `count` parts (AADs laid out back to back). */
function layout(body: BodyCipher, count: number, aadBytes: number): Omit<GcmBatch, 'input' | 'output'> & { readonly aad: Uint8Array } {
  return {
    count,
    ivLength: body.suite.ivLength,
    tagLength: body.tagLength,
    ivs: new Uint8Array(count * body.suite.ivLength),
    aad: new Uint8Array(aadBytes),
    aadStarts: new Uint32Array(count),
    aadLengths: new Uint32Array(count),
    inputStarts: new Uint32Array(count),
    lengths: new Uint32Array(count),
    outputStarts: new Uint32Array(count),
  };
}

/** Fills operation i's IV and AAD (the AAD of `kind`, sequence `seq`, `length` bytes of content). */
function describe(body: BodyCipher, l: ReturnType<typeof layout>, i: number, at: number, kind: 'frame' | 'final', seq: number, length: number, iv: Uint8Array): number {
  l.ivs.set(iv, i * l.ivLength);
  const a = body.aadFor(kind, seq, length);
  l.aad.set(a, at);
  l.aadStarts[i] = at;
  l.aadLengths[i] = a.length;
  return at + a.length;
}

/**
 * Seals `length` bytes of plaintext from input[0..] as frames `seq`, `seq + 1`, … of
 * `body`'s message (frame length `frameLength`) into out[0..]: heads, ciphertext and tags. All
 * regular frames when `final` is false (`length` a multiple of the frame length), else the last one
 * is the final frame (empty when `length` is 0). Returns the bytes written.
 */
export function sealFrames(body: BodyCipher, frameLength: number, seq: number, input: Uint8Array, length: number, final: boolean, out: Uint8Array): MaybePromise<number> {
  const regular = final ? (length === 0 ? 0 : Math.ceil(length / frameLength) - 1) : length / frameLength;
  const count = regular + (final ? 1 : 0);
  const l = layout(body, count, regular * body.aadLength('frame') + (final ? body.aadLength('final') : 0));
  const o = asBuffer(out);
  let w = 0;
  let at = 0;
  for (let i = 0; i < count; i++) {
    const kind = i < regular ? 'frame' : 'final';
    const n = kind === 'frame' ? frameLength : length - regular * frameLength;
    const iv = body.ivFor(seq + i);
    w = kind === 'frame' ? writeFrameHead(seq + i, iv, o, w) : writeBodyHead({ kind, sequence: seq + i, iv, length: n }, body.suite, o, w);
    at = describe(body, l, i, at, kind, seq + i, n, iv);
    l.inputStarts[i] = i * frameLength;
    l.lengths[i] = n;
    l.outputStarts[i] = w;
    w += n + body.tagLength;
  }
  const r = backend.sealBatch(body.key, { ...l, input, output: out });
  return isPromise(r) ? r.then(() => w) : w;
}

/**
 * Opens `count` whole frames laid back to back in input[0..length) (heads, ciphertext, tags),
 * numbered from `seq`, the last the final frame when `final`; their plaintext goes to out[0..].
 * `out` is disjoint from `input` (a backend may refuse partly overlapping ranges). Nothing of a
 * frame whose tag failed, nor of any after it, is written.
 */
export function openFrames(body: BodyCipher, frameLength: number, seq: number, input: Uint8Array, length: number, count: number, final: boolean, out: Uint8Array): MaybePromise<OpenedFrames> {
  const aadBytes = (count - (final ? 1 : 0)) * body.aadLength('frame') + (final ? body.aadLength('final') : 0);
  const l = layout(body, count, aadBytes);
  const b = asBuffer(input).subarray(0, length);
  let o = 0;
  let w = 0;
  let at = 0;
  for (let i = 0; i < count; i++) {
    const r = readFrameHead(b, o, body.suite, frameLength);
    const kind = final && i === count - 1 ? 'final' : 'frame';
    if (!r || r.value.kind !== kind || r.value.sequence !== seq + i || r.end + r.value.length + body.tagLength > length) {
      throw new MalformedMessageError('body: a batch of frames does not hold the frames it should');
    }
    const n = r.value.length;
    at = describe(body, l, i, at, kind, seq + i, n, r.value.iv);
    l.inputStarts[i] = r.end;
    l.lengths[i] = n;
    l.outputStarts[i] = w;
    w += n;
    o = r.end + n + body.tagLength;
  }
  const done = (k: number): OpenedFrames => (k === count ? { length: w } : { length: l.outputStarts[k]!, failedAt: k });
  const r = backend.openBatch(body.key, { ...l, input, output: out });
  return isPromise(r) ? r.then(done) : done(r);
}

/** Bytes of the heads and tags of `count` frames, the last the final frame when `final`. */
export function framesOverhead(body: BodyCipher, count: number, final: boolean): number {
  const frame = headLength('frame', body.suite) + body.tagLength;
  return final ? (count - 1) * frame + headLength('final', body.suite) + body.tagLength : count * frame;
}
