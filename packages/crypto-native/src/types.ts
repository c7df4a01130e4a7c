/**
 * The AES-GCM part of Envelope core's crypto backend interface (core/src/crypto/backend.ts),
 * restated here so this package depends on nothing of core: TypeScript compares the shapes, and
 * core's Node build checks that what this package exports fits its interface.
 */

/** An AES key (16, 24 or 32 bytes) held by the addon. */
export interface AesKey {
  readonly length: 16 | 24 | 32;
  /** Wipes the key now (the cipher context and the copy of the raw key). Idempotent. */
  destroy(): void;
}

/**
 * Many AES-GCM operations under one key, laid out by the caller. Operation i:
 * - IV: `ivs[i*ivLength, (i+1)*ivLength)`;
 * - AAD: `aad[aadStarts[i], aadStarts[i] + aadLengths[i])`;
 * - seal: plaintext `input[inputStarts[i], + lengths[i])` → ciphertext at `output[outputStarts[i]]`,
 *   its tag (tagLength bytes) right after it;
 * - open: ciphertext `input[inputStarts[i], + lengths[i])` with its tag right after it → plaintext
 *   at `output[outputStarts[i]]` (lengths[i] bytes).
 * Input and output ranges of one operation may be the same bytes (in place) or disjoint, never
 * partly overlapping (the addon refuses that with a RangeError, as any range outside its buffer).
 */
export interface GcmBatch {
  readonly count: number;
  readonly ivLength: number;
  readonly tagLength: number;
  readonly ivs: Uint8Array;
  readonly aad: Uint8Array;
  readonly aadStarts: Uint32Array;
  readonly aadLengths: Uint32Array;
  readonly input: Uint8Array;
  readonly inputStarts: Uint32Array;
  readonly lengths: Uint32Array;
  readonly output: Uint8Array;
  readonly outputStarts: Uint32Array;
}

/** One sealing whose plaintext arrives in pieces: ciphertext for each piece at once. */
export interface GcmSealing {
  update(plaintext: Uint8Array): Uint8Array | undefined;
  final(): { readonly ciphertext: readonly Uint8Array[]; readonly tag: Uint8Array };
}

/** One opening whose ciphertext arrives in pieces; the plaintext only from `final`, after the tag. */
export interface GcmOpening {
  update(ciphertext: Uint8Array): void;
  /** The plaintext pieces, or throws an Error (the plaintext held is wiped) when the tag fails. */
  final(tag: Uint8Array): readonly Uint8Array[];
  discard(): void;
}

/** The hashes of the signed suites (and of the KDFs beside them). */
export type ThreadHashName = 'sha256' | 'sha384' | 'sha512';

/** The curves of the signed suites. */
export type EcCurve = 'P-256' | 'P-384';

/**
 * A hash running on a native thread of the addon, with ECDSA over its digest. `update` copies (the
 * caller may reuse its bytes at once); `digest`, `sign` and `verify` end it, `close` stops it
 * unfinished (a stream destroyed). A hash dropped unclosed is stopped by the garbage collector, and
 * at the latest when its thread (main or worker) ends.
 */
export interface HashOnThread {
  update(data: Uint8Array): void;
  digest(): Uint8Array;
  /** The DER ECDSA signature over the digest, with a PKCS#8 private key of `curve` (the caller wipes it). */
  sign(curve: EcCurve, pkcs8: Uint8Array): Uint8Array;
  /** Whether the DER `signature` verifies under the compressed point; false, never a throw, for a bad one. */
  verify(curve: EcCurve, compressedPoint: Uint8Array, signature: Uint8Array): boolean;
  close(): void;
}
