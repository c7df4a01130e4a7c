/**
 * The one seam between core and a cryptography library: every primitive core (and a keyring that
 * wants to run in browsers too) needs, and nothing of the message format. Backends: node:crypto
 * (Node's default), a native AES-GCM addon beside it (Node, when installed), WebCrypto with
 * @noble/* where WebCrypto is one-shot or lacks a primitive (browsers).
 *
 * Shape decisions, so that all three fit one interface:
 * - Results are `MaybePromise`: node:crypto and the addon answer synchronously (core keeps its
 *   synchronous fast paths by checking for a promise), WebCrypto answers with promises.
 * - Frame ciphers run in batches described by offsets into caller-owned buffers, so a backend may
 *   reuse one cipher context per key and allocate nothing per frame. Core lays the bytes out (IVs,
 *   AADs, where each ciphertext and tag go); the backend only runs AES-GCM.
 * - Opening never hands out plaintext whose tag has not verified: a batch reports the first failing
 *   operation, whose output (and everything after it) the backend leaves zeroed or unwritten; an
 *   incremental open returns its plaintext only from `final`, after the tag verified.
 * - Keys are opaque handles made by the backend from raw bytes (which the caller still owns and
 *   wipes); `destroy()` wipes what the backend holds where the platform allows it. A key crosses
 *   to a worker thread as bytes (`exportAesKey`, `exportSigningKey`: copies the caller wipes) and
 *   is imported there by the same backend.
 * - A backend that returns promises returns native ones: core tells a value from a promise with
 *   `instanceof Promise` (crypto/maybe.ts), once per call, so synchronous backends pay nothing more.
 *
 * Core reaches the backend in use through one module, the package's `#crypto-backend` import
 * (package.json `imports`: the node:crypto build by default, the WebCrypto build under the
 * `browser` condition), which exports `backend: CryptoBackend`; nothing is chosen or set at run
 * time.
 *
 * Changed when core moved onto it: `exportAesKey`, `exportSigningKey` and `importSigningKey` (a
 * stream's frame and hash workers get the message key and the signing key as bytes);
 * `VerificationKey.compressedPoint`; and the errors: `open`, `GcmOpening.final` and
 * `importVerificationKey` throw a plain Error (core turns it into its typed one), `openBatch`
 * never throws for a tag.
 */
import type { HashName } from '../suites.js';

/** A value, or a promise of it: synchronous backends return values, asynchronous ones promises. */
export type MaybePromise<T> = T | Promise<T>;

/** Hashes the suites table names (KDF, commitment, signatures) and keyrings use (the table's type). */
export type { HashName };

/** ECDSA curves of the signed suites. */
export type EcCurve = 'P-256' | 'P-384';

/** An AES key (16, 24 or 32 bytes) imported into the backend. Opaque: only its backend reads it. */
export interface AesKey {
  /** The key's length in bytes. */
  readonly length: 16 | 24 | 32;
  /** Wipes the key material the backend holds (no-op where the platform cannot). Idempotent. */
  destroy(): void;
}

/** An ECDSA private key of a signed suite. Opaque. */
export interface SigningKey {
  /** The curve the key is on. */
  readonly curve: EcCurve;
  /** Wipes the key material the backend holds (no-op where the platform cannot). Idempotent. */
  destroy(): void;
}

/** An ECDSA public key from a message's encryption context. */
export interface VerificationKey {
  /** The curve the key is on. */
  readonly curve: EcCurve;
  /** The compressed point it was imported from (public: how it crosses to a worker thread). */
  readonly compressedPoint: Uint8Array;
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
 * partly overlapping.
 */
export interface GcmBatch {
  /** How many operations the batch holds. */
  readonly count: number;
  /** Bytes per IV (12 for every suite). */
  readonly ivLength: number;
  /** Bytes per tag (16 for every suite). */
  readonly tagLength: number;
  /** The IVs, one after another. */
  readonly ivs: Uint8Array;
  /** The bytes every operation's AAD is a range of. */
  readonly aad: Uint8Array;
  /** Where operation i's AAD starts in `aad`. */
  readonly aadStarts: Uint32Array;
  /** How long operation i's AAD is. */
  readonly aadLengths: Uint32Array;
  /** The bytes every operation's input is a range of. */
  readonly input: Uint8Array;
  /** Where operation i's input starts in `input`. */
  readonly inputStarts: Uint32Array;
  /** How long operation i's plaintext (and ciphertext, without its tag) is. */
  readonly lengths: Uint32Array;
  /** The bytes every operation's output is written into. */
  readonly output: Uint8Array;
  /** Where operation i's output starts in `output`. */
  readonly outputStarts: Uint32Array;
}

/** One AES-GCM sealing whose plaintext arrives in pieces (a large frame spread over chunks). */
export interface GcmSealing {
  /** Takes the next plaintext piece; may return ciphertext for it now (node:crypto) or nothing yet. */
  update(plaintext: Uint8Array): Uint8Array | undefined;
  /** The rest of the ciphertext (possibly empty) and the tag. */
  final(): MaybePromise<{
    /** The ciphertext pieces `update` did not return yet. */
    readonly ciphertext: readonly Uint8Array[];
    /** The authentication tag. */
    readonly tag: Uint8Array;
  }>;
}

/** One AES-GCM opening whose ciphertext arrives in pieces; plaintext only after the tag verified. */
export interface GcmOpening {
  /** Takes the next ciphertext piece (held, or deciphered into memory no caller sees before `final`). */
  update(ciphertext: Uint8Array): void;
  /** Verifies `tag`: the plaintext pieces, or throws (the backend wipes what it held). */
  final(tag: Uint8Array): MaybePromise<readonly Uint8Array[]>;
  /** Wipes what is held (the part failed, or its stream ended before the tag). */
  discard(): void;
}

/** An incremental hash. */
export interface IncrementalHash {
  /** Hashes the next bytes. */
  update(data: Uint8Array): void;
  /** The digest of every byte given; the hash is used up. */
  digest(): Uint8Array;
}

/** A signature over bytes given incrementally (header, body, …), DER-encoded as the footer holds it. */
export interface Signer {
  /** Takes the next bytes to sign. */
  update(data: Uint8Array): void;
  /** The DER-encoded ECDSA signature of every byte given; the signer is used up. */
  sign(): MaybePromise<Uint8Array>;
}

/** Verifies a signature over bytes given incrementally. */
export interface Verifier {
  /** Takes the next signed bytes. */
  update(data: Uint8Array): void;
  /** false for a signature that does not verify (never throws for a bad signature). */
  verify(derSignature: Uint8Array): MaybePromise<boolean>;
}

/**
 * A signer whose hash runs on a thread of the backend's own (the native addon's), beside the
 * calling thread: `update` copies the bytes and returns (waiting, blocking the calling thread, only
 * while the backend's few blocks are all waiting to be hashed); `sign` finishes on the calling thread.
 */
export interface ThreadSigner extends Signer {
  /** The DER-encoded ECDSA signature (synchronous: the backend's thread is native). */
  sign(): Uint8Array;
  /** Stops the thread unfinished (the stream failed or was destroyed). Idempotent; a no-op once signed. */
  close(): void;
}

/** A verifier whose hash runs on a thread of the backend's own (see {@link ThreadSigner}). */
export interface ThreadVerifier extends Verifier {
  /** false for a signature that does not verify (never throws for a bad signature). */
  verify(derSignature: Uint8Array): boolean;
  /** Stops the thread unfinished. Idempotent; a no-op once verified. */
  close(): void;
}

/** The primitives a backend gives core (see the module's comment for the shape decisions). */
export interface CryptoBackend {
  /** 'node', 'native', 'webcrypto' … : what `envelope --version` and telemetry report. */
  readonly name: string;

  /** `length` bytes from the platform's cryptographically secure generator. */
  randomBytes(length: number): Uint8Array;
  /** Constant-time comparison of equal-length inputs; false for different lengths. */
  equalConstantTime(a: Uint8Array, b: Uint8Array): boolean;

  /** A new incremental hash. */
  hash(name: HashName): IncrementalHash;
  /** HMAC of the concatenation of `data` under `key`. */
  hmac(name: HashName, key: Uint8Array, data: readonly Uint8Array[]): MaybePromise<Uint8Array>;
  /** RFC 5869 HKDF (extract with `salt`, an empty salt meaning HashLen zero bytes, then expand). */
  hkdf(name: HashName, ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): MaybePromise<Uint8Array>;

  /** Copies `raw` into a key handle; the caller keeps and wipes `raw`. */
  importAesKey(raw: Uint8Array): MaybePromise<AesKey>;
  /** A copy of the key's bytes, for a worker thread to import; the caller wipes it. */
  exportAesKey(key: AesKey): MaybePromise<Uint8Array>;
  /** One-shot seal: ciphertext and tag (header auth over an empty plaintext, raw AES key wrapping). */
  seal(key: AesKey, iv: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, tagLength: number): MaybePromise<{
    /** As long as the plaintext. */
    readonly ciphertext: Uint8Array;
    /** `tagLength` bytes. */
    readonly tag: Uint8Array;
  }>;
  /** One-shot open: the plaintext, or throws when the tag does not verify. */
  open(key: AesKey, iv: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array): MaybePromise<Uint8Array>;
  /** Seals every operation of the batch (see GcmBatch for where each ciphertext and tag go). */
  sealBatch(key: AesKey, batch: GcmBatch): MaybePromise<void>;
  /**
   * Opens a batch in order: returns `batch.count` when every tag verified, else the index of the
   * first operation that failed (its output and all after it are zeroed or left unwritten).
   */
  openBatch(key: AesKey, batch: GcmBatch): MaybePromise<number>;
  /**
   * Optional: `length` bytes for ciphertext handed on to a consumer (contents unspecified), from
   * memory the backend recycles once the garbage collector frees it (the native addon's pool); core
   * uses Buffer.allocUnsafe without it.
   */
  outputBuffer?(length: number): Uint8Array;
  /** An incremental seal (a frame larger than the chunks it arrives in). */
  sealing(key: AesKey, iv: Uint8Array, aad: Uint8Array, tagLength: number): GcmSealing;
  /** An incremental open: plaintext only from its `final`, after the tag verified. */
  opening(key: AesKey, iv: Uint8Array, aad: Uint8Array, tagLength: number): GcmOpening;

  /** A fresh key pair; the public half as the compressed point the encryption context carries. */
  generateSigningKey(curve: EcCurve): MaybePromise<{
    /** The private key. */
    readonly key: SigningKey;
    /** The public key as a compressed point (33 bytes on P-256, 49 on P-384). */
    readonly compressedPublicKey: Uint8Array;
  }>;
  /** The private key as PKCS#8 DER, for a worker thread to import; the caller wipes it. */
  exportSigningKey(key: SigningKey): MaybePromise<Uint8Array>;
  /** A signing key from PKCS#8 DER (as exportSigningKey wrote it); throws for another curve. */
  importSigningKey(curve: EcCurve, pkcs8: Uint8Array): MaybePromise<SigningKey>;
  /** Throws for bytes that are not a compressed point of the curve. */
  importVerificationKey(curve: EcCurve, compressedPoint: Uint8Array): MaybePromise<VerificationKey>;
  /** A signer over `hash` (ECDSA with the suite's hash). */
  signer(key: SigningKey, hash: HashName): Signer;
  /** A verifier over `hash`. */
  verifier(key: VerificationKey, hash: HashName): Verifier;
  /**
   * Optional: a signer whose hash runs on a thread of the backend's own, without a JavaScript
   * isolate (the native addon's). Core puts a signed suite's hash there when a stream may use a
   * second core (body/placement.ts), else on a worker thread of its own.
   */
  signerOnThread?(key: SigningKey, hash: HashName): ThreadSigner;
  /** Optional, with signerOnThread: a verifier whose hash runs on a thread of the backend's own. */
  verifierOnThread?(key: VerificationKey, hash: HashName): ThreadVerifier;
}
