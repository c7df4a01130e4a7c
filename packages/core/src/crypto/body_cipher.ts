/**
 * AES-GCM of the message body (AWS ESDK spec, data-format/message-body.md § AAD): the layout of
 * the body parts is in format/frame_head.ts.
 *
 * AAD = message id ‖ label ‖ sequence number (4) ‖ content length (8), with label one of
 * "AWSKMSEncryptionClient Frame" / "… Final Frame" / "… Single Block".
 */
import { createCipheriv, createDecipheriv, createSecretKey, type DecipherGCM, type KeyObject } from 'node:crypto';
import { AuthenticationError } from '../errors.js';
import type { AlgorithmSuite } from '../suites.js';
import type { BodyHead, BodyKind } from '../format/frame_head.js';
import { put32 } from '../internal/bytes.js';

/** From this length on, body parts are sealed and opened from views of the input chunks rather than gathered. */
export const LARGE_FRAME = 64 * 1024;

const LABELS = {
  frame: Buffer.from('AWSKMSEncryptionClient Frame', 'utf8'),
  final: Buffer.from('AWSKMSEncryptionClient Final Frame', 'utf8'),
  single: Buffer.from('AWSKMSEncryptionClient Single Block', 'utf8'),
} as const satisfies Record<BodyKind, Buffer>;

/**
 * AES-GCM for one message's body, with the AAD and IV buffers built once and only the sequence
 * number and length rewritten per frame (node:crypto copies them on use).
 */
export class BodyCipher {
  private readonly aad: Record<BodyKind, Buffer>;
  private readonly iv: Buffer;
  private readonly cipher: AlgorithmSuite['cipher'];
  private readonly tagLength: number;
  /** The cipher options, made once rather than per frame. */
  private readonly options: { readonly authTagLength: number };

  constructor(readonly suite: AlgorithmSuite, readonly key: KeyObject, readonly messageId: Uint8Array) {
    this.cipher = suite.cipher;
    this.tagLength = suite.tagLength;
    this.options = Object.freeze({ authTagLength: suite.tagLength });
    this.iv = Buffer.alloc(suite.ivLength);
    const make = (label: Buffer): Buffer => {
      const b = Buffer.alloc(messageId.length + label.length + 12);
      b.set(messageId, 0);
      b.set(label, messageId.length);
      return b;
    };
    this.aad = { frame: make(LABELS.frame), final: make(LABELS.final), single: make(LABELS.single) };
  }

  /** The cipher of a body worker's session, from its copy of the message key (the caller wipes `raw`). */
  static fromRawKey(suite: AlgorithmSuite, raw: Uint8Array, messageId: Uint8Array): BodyCipher {
    return new BodyCipher(suite, createSecretKey(raw), Buffer.from(messageId));
  }

  /** A copy of the message key's bytes, for a body worker's session (the caller wipes it). */
  exportKey(): Buffer {
    return this.key.export();
  }

  private aadFor(kind: BodyKind, seq: number, length: number): Buffer {
    const a = this.aad[kind];
    const o = a.length - 12;
    put32(a, o, seq);
    put32(a, o + 4, Math.floor(length / 2 ** 32));
    put32(a, o + 8, length >>> 0);
    return a;
  }

  /** The IV of sequence number `seq`. */
  ivFor(seq: number): Buffer {
    put32(this.iv, this.iv.length - 4, seq);
    return this.iv;
  }

  /**
   * Encrypts `plaintext` as body part `kind` with sequence `seq`: returns the ciphertext as the
   * cipher made it (a fresh Buffer, handed on without a copy) and writes the tag at tagOut[o..].
   */
  seal(kind: BodyKind, seq: number, plaintext: Uint8Array, tagOut: Uint8Array, o: number): Buffer {
    const c = createCipheriv(this.cipher, this.key, this.ivFor(seq), this.options);
    c.setAAD(this.aadFor(kind, seq, plaintext.length));
    const ct = c.update(plaintext);
    c.final();
    tagOut.set(c.getAuthTag(), o);
    return ct;
  }

  /**
   * {@link seal} into one buffer: IV-less ciphertext at out[o..] and the tag right after it;
   * returns the offset after the tag.
   */
  sealInto(kind: BodyKind, seq: number, plaintext: Uint8Array, out: Buffer, o: number): number {
    out.set(this.seal(kind, seq, plaintext, out, o + plaintext.length), o);
    return o + plaintext.length + this.tagLength;
  }

  /** Encrypts content given as pieces (a large frame spread over input chunks) without joining them. */
  sealPieces(kind: BodyKind, seq: number, pieces: readonly Uint8Array[], length: number): { ciphertext: Buffer[]; tag: Buffer } {
    const c = createCipheriv(this.cipher, this.key, this.ivFor(seq), this.options);
    c.setAAD(this.aadFor(kind, seq, length));
    const ciphertext = pieces.map((p) => c.update(p));
    c.final();
    return { ciphertext, tag: c.getAuthTag() };
  }

  /** Starts opening the part `head` starts, whose content will arrive in pieces. */
  opening(head: BodyHead): PartOpening {
    const d = createDecipheriv(this.cipher, this.key, head.iv, this.options);
    d.setAAD(this.aadFor(head.kind, head.sequence, head.length));
    return new PartOpening(d, head.kind, head.length);
  }

  /** {@link open} over content given as pieces; returns the plaintext pieces once the tag verified. */
  openPieces(kind: BodyKind, seq: number, iv: Uint8Array, pieces: readonly Buffer[], length: number, tag: Buffer): Buffer[] {
    try {
      const d = createDecipheriv(this.cipher, this.key, iv, this.options);
      d.setAAD(this.aadFor(kind, seq, length));
      d.setAuthTag(tag);
      const out = pieces.map((p) => d.update(p));
      d.final();
      return out;
    } catch (cause) {
      throw new AuthenticationError({ cause });
    }
  }

  /** Decrypts and authenticates; throws AuthenticationError (and returns nothing) if the tag fails. */
  open(kind: BodyKind, seq: number, iv: Uint8Array, ciphertext: Buffer, tag: Buffer): Buffer {
    try {
      const d = createDecipheriv(this.cipher, this.key, iv, this.options);
      d.setAAD(this.aadFor(kind, seq, ciphertext.length));
      d.setAuthTag(tag);
      const pt = d.update(ciphertext);
      d.final();
      return pt;
    } catch (cause) {
      throw new AuthenticationError({ cause });
    }
  }
}

/**
 * A body part opened as its content arrives (a stream's large frame): each piece is deciphered at
 * once, so no ciphertext is kept, and the plaintext is held, never released, until the tag verified.
 */
export class PartOpening {
  private readonly held: Buffer[] = [];

  constructor(
    private readonly d: DecipherGCM,
    readonly kind: BodyKind,
    /** Content bytes still to come. */
    public left: number,
  ) {}

  /** Deciphers the next content bytes (at most {@link PartOpening.left}); holds the plaintext. */
  update(ciphertext: Uint8Array): void {
    this.left -= ciphertext.length;
    const p = this.d.update(ciphertext);
    if (p.length > 0) this.held.push(p);
  }

  /** Checks the tag: returns the plaintext, or throws AuthenticationError with the plaintext wiped. */
  finish(tag: Uint8Array): Buffer[] {
    try {
      this.d.setAuthTag(tag);
      this.d.final();
    } catch (cause) {
      this.discard();
      throw new AuthenticationError({ cause });
    }
    return this.held;
  }

  /** Wipes the plaintext held (the part failed, or the stream ended before its tag). */
  discard(): void {
    for (const p of this.held) p.fill(0);
    this.held.length = 0;
  }
}
