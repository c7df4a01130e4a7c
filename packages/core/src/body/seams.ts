/**
 * The seam of the message body: what the encrypting stream hands plaintext to (a {@link BodySealer})
 * and what the decoder hands the bytes after the header to (a {@link BodyOpener}), whether frames
 * run on the calling thread (here/) or on worker threads (threads/); placement.ts picks one.
 */
import type { AlgorithmSuite } from '../suites.js';
import type { BodyCipher } from '../crypto/body_cipher.js';
import type { BodyHead } from '../format/frame_head.js';
import type { VerificationKey } from '../crypto/backend.js';

/** Where authenticated plaintext goes (the Transform's push, or a buffer's list of parts). */
export type Emit = (plaintext: Buffer) => void;

/** Where sealed body bytes go (the Transform's push). */
export type Push = (bytes: Buffer) => void;

/** Turns plaintext chunks into the body and the footer's signature. */
export interface BodySealer {
  /** Seals what `chunk` completes; a promise when the stream must wait before taking more. */
  write(chunk: Buffer): Promise<void> | undefined;
  /** Seals the rest; the footer signature of a signed suite (a promise when a worker made it). */
  end(): Uint8Array | undefined | Promise<Uint8Array | undefined>;
  /** Ends what it runs on worker threads and wipes what it holds (the stream failed or was destroyed). */
  close(): void;
}

/** Opens the body and checks the footer of one message; plaintext leaves only once its tag verified. */
export interface BodyOpener {
  /** Feeds the next bytes; a promise when the caller must wait before writing more. */
  write(chunk: Buffer, emit: Emit): Promise<void> | undefined;
  /** The end of input: throws TruncatedMessageError unless the message is complete; then the signature's verdict. */
  end(emit: Emit): Promise<void> | undefined;
  /** Stops worker threads and wipes unverified plaintext held (the stream failed or was destroyed). */
  close(): void;
}

/**
 * A signed suite's hash of the header and body: an incremental signer or verifier on the calling
 * thread (here/signature_hash.ts), or a worker fed through a ring of shared memory (threads/hash_ring.ts).
 */
export interface SignatureHash {
  /** Hashes `b` after everything before it (the caller may reuse `b` once this returns). */
  update(b: Uint8Array): void;
  /** A promise while bytes wait for room (the caller waits before writing more), else undefined. */
  room(): Promise<void> | undefined;
  /** Lets go of the worker, if any (the stream ended or failed). */
  close(): void;
}

/** The signature hash of an encrypting stream. */
export interface SigningHash extends SignatureHash {
  /** The DER signature over everything hashed. */
  sign(): Uint8Array | Promise<Uint8Array>;
}

/** The signature hash of a decrypting stream. */
export interface VerifyingHash extends SignatureHash {
  /** Whether `signature` is good for everything hashed (false, never a throw, for a bad one). */
  verify(signature: Uint8Array): boolean | Promise<boolean>;
}

/** What a caller that needs more than plaintext (rewrap) sees of each body part. */
export interface PartTap {
  /**
   * Each body part's plaintext once its tag verified, before `emit` gets it (rewrap seals it again
   * under the new message key; its `emit` then wipes it): views, never kept.
   */
  part(head: BodyHead, plaintext: readonly Uint8Array[]): void;
}

/** What the decoder knows of a message once its header was read and authenticated. */
export interface BodyStart {
  readonly suite: AlgorithmSuite;
  readonly contentType: 'framed' | 'non-framed';
  readonly frameLength: number;
  /** The body's cipher (message key, message id). */
  readonly cipher: BodyCipher;
  /** The header's bytes (a signed suite's hash starts with them). */
  readonly header: Uint8Array;
  /** For signed suites: the footer's key (from the header's encryption context). */
  readonly verificationKey: VerificationKey | undefined;
  /** Largest non-framed content accepted. */
  readonly maxBody: number;
  /** Streams own what they keep past a write and open large parts as they arrive; a whole buffer is in memory already. */
  readonly streaming: boolean;
  readonly tap: PartTap | undefined;
}

/** What an opener reads with: the message, and for signed suites its hash (which has seen the header). */
export interface OpenedBody extends BodyStart {
  readonly hash: VerifyingHash | undefined;
}

/** Makes the opener of a message once its header is read (a stream's may start worker threads). */
export type OpenerFactory = (start: BodyStart) => BodyOpener | Promise<BodyOpener>;
