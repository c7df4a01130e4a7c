/**
 * Runs of regular frames of one message sealed or opened by the backend's batch calls, with the
 * batch layout made once per message: every regular frame has the same AAD but for its sequence
 * number, the same IV but for its last four bytes, and the same place in a run, so a run only
 * writes those numbers (and, sealing, its heads). The bytes are those of BodyCipher frame by frame
 * (format/frame_head.ts: sequence number, IV, content, tag).
 */
import { backend } from '#crypto-backend';
import { LimitExceededError, needs } from '../errors.js';
import { put32 } from '../internal/bytes.js';
import type { GcmBatch } from './backend.js';
import type { BodyCipher } from './body_cipher.js';
import { now } from './maybe.js';

/**
 * Whether the backend's batches run frames with no cipher set-up each (the native addon: one
 * context per key); node:crypto makes a cipher per frame, where laying frames out for a batch
 * only adds copies.
 */
export const BATCHES_SET_UP_FREE = backend.name === 'native';

/**
 * The largest frames a writer or reader lending its output (message_writer.ts, message_reader.ts)
 * seals or opens whole in runs through one reused buffer; larger ones go as pieces, as in streams.
 */
export const LENT_RUN_LIMIT = 1024 * 1024;

/** A regular frame's sequence number must stay below the final frame's marker. */
const FINAL_FRAME_MARKER = 0xffffffff;

/** Frames per batch call: enough to spread a call's fixed cost, few enough to keep the layout small. */
function runCapacity(frameLength: number): number {
  return Math.max(8, Math.min(256, Math.ceil((128 * 1024) / Math.max(1, frameLength))));
}

type Layout = { -readonly [K in keyof GcmBatch]: GcmBatch[K] };

/** The batch layout of up to `capacity` regular frames of `body`'s message. */
export class FrameRun {
  /** Frames one call handles at most. */
  readonly capacity: number;
  /** Bytes of a regular frame's head (sequence number and IV). */
  readonly headLength: number;
  /** Bytes of a whole regular frame: head, content and tag. */
  readonly frameBytes: number;
  private readonly ivLength: number;
  private readonly aadLength: number;
  /** The IV's bytes before the sequence number (the same for every frame). */
  private readonly ivPrefix: Uint8Array;
  private readonly b: Layout;

  constructor(private readonly body: BodyCipher, private readonly frameLength: number) {
    const { ivLength } = body.suite;
    const tagLength = body.tagLength;
    this.capacity = runCapacity(frameLength);
    this.ivLength = ivLength;
    this.headLength = 4 + ivLength;
    this.frameBytes = this.headLength + frameLength + tagLength;
    this.ivPrefix = body.ivFor(0).slice(0, ivLength - 4);
    const n = this.capacity;
    const aad = body.aadFor('frame', 0, frameLength);
    this.aadLength = aad.length;
    const b: Layout = {
      count: 0,
      ivLength,
      tagLength,
      ivs: new Uint8Array(n * ivLength),
      aad: new Uint8Array(n * aad.length),
      aadStarts: new Uint32Array(n),
      aadLengths: new Uint32Array(n).fill(aad.length),
      input: aad,
      inputStarts: new Uint32Array(n),
      lengths: new Uint32Array(n).fill(frameLength),
      output: aad,
      outputStarts: new Uint32Array(n),
    };
    for (let i = 0; i < n; i++) {
      b.ivs.set(this.ivPrefix, i * ivLength);
      b.aad.set(aad, i * aad.length);
      b.aadStarts[i] = i * aad.length;
    }
    this.b = b;
  }

  /** Writes the sequence numbers of operations 0..count-1 (from `seq`) into their IVs and AADs. */
  private number(seq: number, count: number): void {
    const { ivs, aad } = this.b;
    const iv = this.ivLength;
    const a = this.aadLength;
    for (let i = 0; i < count; i++) {
      put32(ivs, (i + 1) * iv - 4, seq + i);
      put32(aad, (i + 1) * a - 12, seq + i);
    }
  }

  /**
   * Seals `count` (at most {@link capacity}) regular frames numbered from `seq` from the plaintext
   * at input[at..] into out[o..]: heads, ciphertext and tags. Returns the offset after them.
   */
  seal(seq: number, count: number, input: Uint8Array, at: number, out: Uint8Array, o: number): number {
    needs(seq + count - 1 < FINAL_FRAME_MARKER, LimitExceededError, 'body: more frames than sequence numbers (2^32 - 1)');
    const { b, frameLength, frameBytes, headLength, ivPrefix } = this;
    const { inputStarts, outputStarts } = b;
    const p = ivPrefix.length;
    this.number(seq, count);
    for (let i = 0, h = o; i < count; i++, h += frameBytes) {
      // The head: sequence number, then the IV (its prefix and the sequence number again).
      put32(out, h, seq + i);
      for (let j = 0; j < p; j++) out[h + 4 + j] = ivPrefix[j]!;
      put32(out, h + 4 + p, seq + i);
      inputStarts[i] = at + i * frameLength;
      outputStarts[i] = h + headLength;
    }
    b.count = count;
    b.input = input;
    b.output = out;
    try {
      now(backend.sealBatch(this.body.key, b));
    } finally {
      b.input = b.output = b.aad;
    }
    return o + count * frameBytes;
  }

  /**
   * Opens `count` regular frames (their heads checked by the caller) numbered from `seq` at input[o..]
   * into out[w..], their plaintexts back to back. Returns how many verified: `count`, or the index
   * of the first whose tag failed (its plaintext and all after it left unwritten or zeroed).
   */
  open(seq: number, count: number, input: Uint8Array, o: number, out: Uint8Array, w: number): number {
    const { b, frameLength, frameBytes, headLength } = this;
    const { inputStarts, outputStarts } = b;
    this.number(seq, count);
    for (let i = 0; i < count; i++) {
      inputStarts[i] = o + i * frameBytes + headLength;
      outputStarts[i] = w + i * frameLength;
    }
    b.count = count;
    b.input = input;
    b.output = out;
    try {
      return now(backend.openBatch(this.body.key, b));
    } finally {
      b.input = b.output = b.aad;
    }
  }
}
