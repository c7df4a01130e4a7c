import { createCipheriv, createDecipheriv, randomBytes, randomInt, type CipherGCMTypes } from 'node:crypto';
import type { GcmBatch } from '@envelope/crypto-native';

export const cipherName = (key: Uint8Array): CipherGCMTypes => `aes-${key.length * 8}-gcm` as CipherGCMTypes;

/** node:crypto's AES-GCM: ciphertext ‖ tag. */
export function referenceSeal(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, tagLength = 16): Buffer {
  const c = createCipheriv(cipherName(key), key, iv, { authTagLength: tagLength });
  c.setAAD(aad);
  return Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()]);
}

export function referenceOpen(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, sealed: Uint8Array, tagLength = 16): Buffer {
  const n = sealed.length - tagLength;
  const d = createDecipheriv(cipherName(key), key, iv, { authTagLength: tagLength });
  d.setAAD(aad);
  d.setAuthTag(sealed.subarray(n));
  return Buffer.concat([d.update(sealed.subarray(0, n)), d.final()]);
}

export interface Layout {
  readonly plaintexts: Buffer[];
  readonly aads: Buffer[];
  readonly seal: GcmBatch;
  /** The batch that opens what `seal` wrote, into a fresh output. */
  readonly open: GcmBatch;
}

/**
 * A batch of `lengths.length` operations with random AADs, laid out with gaps (`gap` bytes) so that
 * a write outside an operation's range shows in the bytes between.
 */
export function layout(lengths: readonly number[], options: { ivLength?: number; tagLength?: number; gap?: number; aadMin?: number; aadMax?: number } = {}): Layout {
  const ivLength = options.ivLength ?? 12;
  const tagLength = options.tagLength ?? 16;
  const gap = options.gap ?? 3;
  const count = lengths.length;
  const plaintexts = lengths.map((n) => randomBytes(n));
  const aads = lengths.map(() => randomBytes(randomInt(options.aadMin ?? 0, (options.aadMax ?? 80) + 1)));
  const starts = (sizes: readonly number[]): Uint32Array => {
    const s = new Uint32Array(count);
    let o = gap;
    sizes.forEach((n, i) => {
      s[i] = o;
      o += n + gap;
    });
    return s;
  };
  const total = (sizes: readonly number[]): number => sizes.reduce((a, n) => a + n + gap, gap);
  const aadStarts = starts(aads.map((a) => a.length));
  const aad = Buffer.alloc(total(aads.map((a) => a.length)));
  aads.forEach((a, i) => a.copy(aad, aadStarts[i]!));
  const plainStarts = starts(lengths);
  const input = Buffer.alloc(total(lengths));
  plaintexts.forEach((p, i) => p.copy(input, plainStarts[i]!));
  const sealedSizes = lengths.map((n) => n + tagLength);
  const sealedStarts = starts(sealedSizes);
  const sealed = Buffer.alloc(total(sealedSizes));
  const common = { count, ivLength, tagLength, ivs: randomBytes(count * ivLength), aad, aadStarts, aadLengths: Uint32Array.from(aads, (a) => a.length), lengths: Uint32Array.from(lengths) };
  return {
    plaintexts,
    aads,
    seal: { ...common, input, inputStarts: plainStarts, output: sealed, outputStarts: sealedStarts },
    open: { ...common, input: sealed, inputStarts: sealedStarts, output: Buffer.alloc(input.length), outputStarts: plainStarts },
  };
}

/** Operation i's IV in a batch. */
export const ivOf = (b: GcmBatch, i: number): Uint8Array => b.ivs.subarray(i * b.ivLength, (i + 1) * b.ivLength);
/** Operation i's sealed bytes (ciphertext ‖ tag) in a seal batch's output. */
export const sealedOf = (b: GcmBatch, i: number): Uint8Array => b.output.subarray(b.outputStarts[i]!, b.outputStarts[i]! + b.lengths[i]! + b.tagLength);
/** Operation i's output in an open batch. */
export const openedOf = (b: GcmBatch, i: number): Uint8Array => b.output.subarray(b.outputStarts[i]!, b.outputStarts[i]! + b.lengths[i]!);
