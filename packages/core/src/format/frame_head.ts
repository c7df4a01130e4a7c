/**
 * Body heads (AWS ESDK spec, data-format/message-body.md): what precedes the content of each part
 * of the body. Content and tag follow the head; the tag is the suite's GCM tag length.
 *
 *   regular frame:              final frame:                    non-framed (single block):
 *     sequence number  4          end marker  4  0xFFFFFFFF       iv              12
 *     iv              12          sequence    4                   content length   8
 *     (content: frame length)     iv         12                   (content: length ≤ 2^36 - 32)
 *     (tag             16)        length      4                   (tag            16)
 *                                 (content: length ≤ frame length)
 *                                 (tag        16)
 *
 * IV lengths and the tag length come from the suite; the IV of sequence n is n, big-endian,
 * left-padded to the IV length (non-framed: sequence 1). Readers refuse any other IV: the AAD binds
 * a frame to its number, but only a fixed IV binds its keystream to it (no frame can be re-tagged
 * under a chosen IV and moved).
 */
import { LimitExceededError, MalformedMessageError, needs } from '../errors.js';
import type { AlgorithmSuite } from '../suites.js';
import type { Read } from '../internal/step_reader.js';
import { get32, put32 } from '../internal/bytes.js';

/** The marker a final frame starts with instead of a sequence number. */
export const FINAL_FRAME_MARKER = 0xffffffff;
/** Largest non-framed content the format allows (2^36 - 32). */
export const MAX_NON_FRAMED_LENGTH = 2 ** 36 - 32;

/** Which part of the body a head starts; also the AAD label of its content. */
export type BodyKind = 'frame' | 'final' | 'single';

/** The head of one body part. */
export interface BodyHead {
  readonly kind: BodyKind;
  /** Sequence number (1 for non-framed content). */
  readonly sequence: number;
  readonly iv: Uint8Array;
  /** Content length: the frame length for regular frames, as stored for the others. */
  readonly length: number;
}

/** Bytes of a head of this kind. */
export function headLength(kind: BodyKind, suite: AlgorithmSuite): number {
  return kind === 'frame' ? 4 + suite.ivLength : kind === 'final' ? 12 + suite.ivLength : suite.ivLength + 8;
}

/** Bytes a body part of this kind adds to its content (head and tag). */
export function bodyOverhead(kind: BodyKind, suite: AlgorithmSuite): number {
  return headLength(kind, suite) + suite.tagLength;
}

/** True when b[o..o+ivLength) is `sequence`, big-endian, left-padded with zeros (the only IV a writer uses). */
export function isSequenceIv(b: Uint8Array, o: number, ivLength: number, sequence: number): boolean {
  let zero = 0;
  for (let i = o; i < o + ivLength - 4; i++) zero |= b[i]!;
  return zero === 0 && get32(b, o + ivLength - 4) === sequence;
}

const IV_REFUSED = 'body: frame IV is not its sequence number';

/**
 * Reads a regular or final frame head at b[o..] of a message with `frameLength`; undefined when
 * `b` ends first. Throws MalformedMessageError for a final frame longer than the frame length, and
 * for an IV that is not the frame's sequence number.
 */
export function readFrameHead(b: Uint8Array, o: number, suite: AlgorithmSuite, frameLength: number): Read<BodyHead & { kind: 'frame' | 'final' }> {
  if (b.length < o + 4) return undefined;
  const first = get32(b, o);
  const kind = first === FINAL_FRAME_MARKER ? 'final' : 'frame';
  const end = o + headLength(kind, suite);
  if (b.length < end) return undefined;
  const ivLength = suite.ivLength;
  if (kind === 'frame') {
    needs(isSequenceIv(b, o + 4, ivLength, first), MalformedMessageError, IV_REFUSED);
    return { value: { kind, sequence: first, iv: b.subarray(o + 4, end), length: frameLength }, end };
  }
  const length = get32(b, end - 4);
  needs(length <= frameLength, MalformedMessageError, 'body: final frame longer than the frame length');
  const sequence = get32(b, o + 4);
  needs(isSequenceIv(b, o + 8, ivLength, sequence), MalformedMessageError, IV_REFUSED);
  return { value: { kind, sequence, iv: b.subarray(o + 8, end - 4), length }, end };
}

/** Reads the non-framed head at b[o..]; undefined when `b` ends first. Its IV must be 1 (sequence 1). */
export function readSingleHead(b: Uint8Array, o: number, suite: AlgorithmSuite): Read<BodyHead & { kind: 'single' }> {
  const end = o + headLength('single', suite);
  if (b.length < end) return undefined;
  const length = get32(b, end - 8) * 2 ** 32 + get32(b, end - 4);
  needs(length <= MAX_NON_FRAMED_LENGTH, MalformedMessageError, 'body: non-framed content longer than 2^36 - 32 bytes');
  needs(isSequenceIv(b, o, suite.ivLength, 1), MalformedMessageError, IV_REFUSED);
  return { value: { kind: 'single', sequence: 1, iv: b.subarray(o, end - 8), length }, end };
}

/**
 * Writes the head of regular frame `sequence` at out[o..] ({@link writeBodyHead} without a head
 * object, for the per-frame path); `iv` must have the suite's IV length. Returns the offset after it.
 */
export function writeFrameHead(sequence: number, iv: Uint8Array, out: Uint8Array, o: number): number {
  // A regular frame's sequence number must not read as the final-frame marker.
  needs(sequence < FINAL_FRAME_MARKER, LimitExceededError, 'body: more frames than sequence numbers (2^32 - 1)');
  out.set(iv, put32(out, o, sequence));
  return o + 4 + iv.length;
}

/** Writes `head` at out[o..]; returns the offset after it (where the content goes). */
export function writeBodyHead(head: BodyHead, suite: AlgorithmSuite, out: Uint8Array, o: number): number {
  needs(head.iv.length === suite.ivLength, MalformedMessageError, 'body: IV length does not match the suite');
  // A regular frame's sequence number must not read as the final-frame marker.
  needs(head.sequence < (head.kind === 'frame' ? FINAL_FRAME_MARKER : 2 ** 32), LimitExceededError, 'body: more frames than sequence numbers (2^32 - 1)');
  if (head.kind === 'final') o = put32(out, o, FINAL_FRAME_MARKER);
  if (head.kind !== 'single') o = put32(out, o, head.sequence);
  out.set(head.iv, o);
  o += head.iv.length;
  if (head.kind === 'final') o = put32(out, o, head.length);
  if (head.kind === 'single') {
    o = put32(out, o, Math.floor(head.length / 2 ** 32));
    o = put32(out, o, head.length >>> 0);
  }
  return o;
}
