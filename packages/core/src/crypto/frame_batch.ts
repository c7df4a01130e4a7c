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
  /** The failing frame's head is malformed (its reader's message); else its tag failed. */
  readonly malformed?: string;
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
 * numbered from `seq`, the last the final frame when `final`; their plaintext goes to out[0..],
 * back to back. `out` may be `input` itself: each frame is then opened exactly in place (a backend
 * may refuse partly overlapping ranges) and the plaintexts moved together afterwards. Stops at the
 * first frame whose head is malformed (`malformed`: the reader's message) or whose tag fails:
 * `failedAt`, with the plaintext of the frames before it only.
 */
export function openFrames(body: BodyCipher, frameLength: number, seq: number, input: Uint8Array, length: number, count: number, final: boolean, out: Uint8Array): MaybePromise<OpenedFrames> {
  const inPlace = out.buffer === input.buffer && out.byteOffset === input.byteOffset;
  const l = layout(body, count, count * body.aadLength('final'));
  const b = asBuffer(input).subarray(0, length);
  let o = 0;
  let w = 0;
  let at = 0;
  let heads = 0;
  let malformed: string | undefined;
  for (; heads < count; heads++) {
    const kind = final && heads === count - 1 ? 'final' : 'frame';
    let r;
    try {
      r = readFrameHead(b, o, body.suite, frameLength);
    } catch (err) {
      if (!(err instanceof MalformedMessageError)) throw err;
      malformed = err.message;
      break;
    }
    // The caller read these heads already (sequence, kind, lengths): a mismatch is a bug, not input.
    if (!r || r.value.kind !== kind || r.value.sequence !== seq + heads || r.end + r.value.length + body.tagLength > length) {
      throw new Error('a batch of frames does not hold the frames its caller described');
    }
    const n = r.value.length;
    at = describe(body, l, heads, at, kind, seq + heads, n, r.value.iv);
    l.inputStarts[heads] = r.end;
    l.lengths[heads] = n;
    l.outputStarts[heads] = inPlace ? r.end : w;
    w += n;
    o = r.end + n + body.tagLength;
  }
  const done = (k: number): OpenedFrames => {
    if (inPlace) gather(out, l, k);
    const opened = k === 0 ? 0 : l.outputStarts[k - 1]! + l.lengths[k - 1]!;
    const len = inPlace ? plainBefore(l, k) : opened;
    if (k < heads) return { length: len, failedAt: k };
    return malformed === undefined ? { length: len } : { length: len, failedAt: heads, malformed };
  };
  const r = backend.openBatch(body.key, { ...l, count: heads, input, output: out });
  return isPromise(r) ? r.then(done) : done(r);
}

/** Plaintext bytes of the first `k` operations. */
function plainBefore(l: ReturnType<typeof layout>, k: number): number {
  let n = 0;
  for (let i = 0; i < k; i++) n += l.lengths[i]!;
  return n;
}

/** Moves the plaintexts of the first `k` frames, opened in place, together at out[0..]. */
function gather(out: Uint8Array, l: ReturnType<typeof layout>, k: number): void {
  let w = 0;
  for (let i = 0; i < k; i++) {
    const s = l.outputStarts[i]!;
    const n = l.lengths[i]!;
    out.copyWithin(w, s, s + n);
    w += n;
  }
}

/** Bytes of the heads and tags of `count` frames, the last the final frame when `final`. */
export function framesOverhead(body: BodyCipher, count: number, final: boolean): number {
  const frame = headLength('frame', body.suite) + body.tagLength;
  return final ? (count - 1) * frame + headLength('final', body.suite) + body.tagLength : count * frame;
}
