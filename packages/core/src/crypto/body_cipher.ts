/**
 * AES-GCM of the message body (AWS ESDK spec, data-format/message-body.md § AAD): the layout of
 * the body parts is in format/frame_head.ts; the cipher runs in the crypto backend.
 *
 * AAD = message id ‖ label ‖ sequence number (4) ‖ content length (8), with label one of
 * "AWSKMSEncryptionClient Frame" / "… Final Frame" / "… Single Block".
 *
 * Results are MaybePromise, as the backend's: on a synchronous backend each call returns its value
 * (and allocates nothing beyond what the cipher makes), on an asynchronous one a promise.
 */
import { backend } from '#crypto-backend';
import { AuthenticationError } from '../errors.js';
import type { AlgorithmSuite } from '../suites.js';
import type { BodyHead, BodyKind } from '../format/frame_head.js';
import { put32 } from '../internal/bytes.js';
import type { AesKey, GcmOpening, MaybePromise } from './backend.js';
import { after, isPromise, mapFailure } from './maybe.js';

/** From this length on, body parts are sealed and opened from views of the input chunks rather than gathered. */
export const LARGE_FRAME = 64 * 1024;

const label = (s: string): Uint8Array => Uint8Array.from(`AWSKMSEncryptionClient ${s}`, (c) => c.charCodeAt(0));
const LABELS = { frame: label('Frame'), final: label('Final Frame'), single: label('Single Block') } as const satisfies Record<BodyKind, Uint8Array>;

const authFailed = (cause: unknown): AuthenticationError => new AuthenticationError({ cause });

/**
 * AES-GCM for one message's body, with the AAD and IV buffers built once and only the sequence
 * number and length rewritten per frame (a backend copies them on use).
 */
export class BodyCipher {
  /** Each kind's AAD buffer, made on first use (a one-frame message needs one of the three). */
  private readonly aad: Partial<Record<BodyKind, Uint8Array>> = {};
  private readonly iv: Uint8Array;
  readonly tagLength: number;

  constructor(readonly suite: AlgorithmSuite, readonly key: AesKey, readonly messageId: Uint8Array) {
    this.tagLength = suite.tagLength;
    this.iv = new Uint8Array(suite.ivLength);
  }

  /** The cipher of a body worker's session, from its copy of the message key (the caller wipes `raw`). */
  static fromRawKey(suite: AlgorithmSuite, raw: Uint8Array, messageId: Uint8Array): MaybePromise<BodyCipher> {
    const id = Uint8Array.from(messageId);
    return after(backend.importAesKey(raw), (key) => new BodyCipher(suite, key, id));
  }

  /** A copy of the message key's bytes, for a body worker's session (the caller wipes it). */
  exportKey(): MaybePromise<Uint8Array> {
    return backend.exportAesKey(this.key);
  }

  private aadOf(kind: BodyKind): Uint8Array {
    let a = this.aad[kind];
    if (!a) {
      const l = LABELS[kind];
      a = this.aad[kind] = new Uint8Array(this.messageId.length + l.length + 12);
      a.set(this.messageId, 0);
      a.set(l, this.messageId.length);
    }
    return a;
  }

  /** The AAD of a part (a buffer of this cipher's, rewritten by the next call). */
  aadFor(kind: BodyKind, seq: number, length: number): Uint8Array {
    const a = this.aadOf(kind);
    writeAadTail(a, a.length - 12, seq, length);
    return a;
  }

  /** The AAD's length for parts of `kind`. */
  aadLength(kind: BodyKind): number {
    return this.messageId.length + LABELS[kind].length + 12;
  }

  /** The IV of sequence number `seq` (a buffer of this cipher's, rewritten by the next call). */
  ivFor(seq: number): Uint8Array {
    put32(this.iv, this.iv.length - 4, seq);
    return this.iv;
  }

  /**
   * Encrypts `plaintext` as body part `kind` with sequence `seq`: returns the ciphertext as the
   * backend made it (handed on without a copy) and writes the tag at tagOut[o..].
   */
  seal(kind: BodyKind, seq: number, plaintext: Uint8Array, tagOut: Uint8Array, o: number): MaybePromise<Uint8Array> {
    const r = backend.seal(this.key, this.ivFor(seq), this.aadFor(kind, seq, plaintext.length), plaintext, this.tagLength);
    if (isPromise(r)) {
      return r.then((s) => {
        tagOut.set(s.tag, o);
        return s.ciphertext;
      });
    }
    tagOut.set(r.tag, o);
    return r.ciphertext;
  }

  /**
   * {@link seal} into one buffer: IV-less ciphertext at out[o..] and the tag right after it;
   * returns the offset after the tag.
   */
  sealInto(kind: BodyKind, seq: number, plaintext: Uint8Array, out: Uint8Array, o: number): MaybePromise<number> {
    const end = o + plaintext.length + this.tagLength;
    const c = this.seal(kind, seq, plaintext, out, o + plaintext.length);
    if (isPromise(c)) {
      return c.then((ct) => {
        out.set(ct, o);
        return end;
      });
    }
    out.set(c, o);
    return end;
  }

  /** Encrypts content given as pieces (a large frame spread over input chunks) without joining them. */
  sealPieces(kind: BodyKind, seq: number, pieces: readonly Uint8Array[], length: number): MaybePromise<{ readonly ciphertext: readonly Uint8Array[]; readonly tag: Uint8Array }> {
    const s = backend.sealing(this.key, this.ivFor(seq), this.aadFor(kind, seq, length), this.tagLength);
    const ciphertext: Uint8Array[] = [];
    for (const p of pieces) {
      const c = s.update(p);
      if (c && c.length > 0) ciphertext.push(c);
    }
    const f = s.final();
    const join = (r: { readonly ciphertext: readonly Uint8Array[]; readonly tag: Uint8Array }): { ciphertext: Uint8Array[]; tag: Uint8Array } => {
      for (const c of r.ciphertext) if (c.length > 0) ciphertext.push(c);
      return { ciphertext, tag: r.tag };
    };
    return isPromise(f) ? f.then(join) : join(f);
  }

  /** Starts opening the part `head` starts, whose content will arrive in pieces. */
  opening(head: BodyHead): PartOpening {
    const o = backend.opening(this.key, head.iv, this.aadFor(head.kind, head.sequence, head.length), this.tagLength);
    return new PartOpening(o, head.kind, head.length);
  }

  /** {@link open} over content given as pieces; returns the plaintext pieces once the tag verified. */
  openPieces(kind: BodyKind, seq: number, iv: Uint8Array, pieces: readonly Uint8Array[], length: number, tag: Uint8Array): MaybePromise<readonly Uint8Array[]> {
    return mapFailure(() => {
      const o = backend.opening(this.key, iv, this.aadFor(kind, seq, length), this.tagLength);
      for (const p of pieces) o.update(p);
      return o.final(tag);
    }, authFailed);
  }

  /** Decrypts and authenticates; throws AuthenticationError (and returns nothing) if the tag fails. */
  open(kind: BodyKind, seq: number, iv: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array): MaybePromise<Uint8Array> {
    let r: MaybePromise<Uint8Array>;
    try {
      r = backend.open(this.key, iv, this.aadFor(kind, seq, ciphertext.length), ciphertext, tag);
    } catch (cause) {
      throw new AuthenticationError({ cause });
    }
    return isPromise(r) ? r.catch((cause: unknown) => Promise.reject(authFailed(cause))) : r;
  }
}

/** Writes the AAD's last 12 bytes (sequence number, 8-byte content length) at a[o..]. */
function writeAadTail(a: Uint8Array, o: number, seq: number, length: number): void {
  put32(a, o, seq);
  put32(a, o + 4, Math.floor(length / 2 ** 32));
  put32(a, o + 8, length >>> 0);
}

/**
 * A body part opened as its content arrives (a stream's large frame): each piece is deciphered at
 * once, so no ciphertext is kept, and the plaintext is held, never released, until the tag verified.
 */
export class PartOpening {
  constructor(
    private readonly o: GcmOpening,
    readonly kind: BodyKind,
    /** Content bytes still to come. */
    public left: number,
  ) {}

  /** Deciphers the next content bytes (at most {@link PartOpening.left}); holds the plaintext. */
  update(ciphertext: Uint8Array): void {
    this.left -= ciphertext.length;
    this.o.update(ciphertext);
  }

  /** Checks the tag: returns the plaintext, or throws AuthenticationError with the plaintext wiped. */
  finish(tag: Uint8Array): MaybePromise<readonly Uint8Array[]> {
    return mapFailure(() => this.o.final(tag), authFailed);
  }

  /** Wipes the plaintext held (the part failed, or the stream ended before its tag). */
  discard(): void {
    this.o.discard();
  }
}
