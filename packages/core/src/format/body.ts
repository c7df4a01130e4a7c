/**
 * Message body (AWS ESDK spec, data-format/message-body.md) and its AES-GCM.
 *
 * framed, regular frame:          framed, final frame:              non-framed:
 *   sequence number  4              end marker  4  0xFFFFFFFF          iv              12
 *   iv              12              sequence    4                      content length   8
 *   content         frame length    iv         12                      content         length
 *   tag             16              length      4                      tag             16
 *                                   content    length (≤ frame length)
 *                                   tag        16
 *
 * IV = the sequence number, big-endian, left-padded to 12 bytes (non-framed: sequence 1).
 * AAD = message id ‖ label ‖ sequence number (4) ‖ content length (8), with label one of
 * "AWSKMSEncryptionClient Frame" / "… Final Frame" / "… Single Block".
 */
import { createCipheriv, createDecipheriv, type KeyObject } from 'node:crypto';
import { AuthenticationError } from '../errors.js';
import type { AlgorithmSuite } from '../suites.js';

export const FINAL_FRAME_MARKER = 0xffffffff;
export const TAG_LENGTH = 16;
export const IV_LENGTH = 12;
/** Bytes a regular frame adds to its content. */
export const FRAME_OVERHEAD = 4 + IV_LENGTH + TAG_LENGTH;
/** Bytes a final frame adds to its content. */
export const FINAL_FRAME_OVERHEAD = 4 + 4 + IV_LENGTH + 4 + TAG_LENGTH;
/** Bytes a non-framed body adds to its content. */
export const NON_FRAMED_OVERHEAD = IV_LENGTH + 8 + TAG_LENGTH;
/** Largest non-framed content the format allows (2^36 - 32). */
export const MAX_NON_FRAMED_LENGTH = 2 ** 36 - 32;

const LABELS = {
  frame: Buffer.from('AWSKMSEncryptionClient Frame', 'utf8'),
  final: Buffer.from('AWSKMSEncryptionClient Final Frame', 'utf8'),
  single: Buffer.from('AWSKMSEncryptionClient Single Block', 'utf8'),
} as const;
export type BodyKind = keyof typeof LABELS;

/**
 * AES-GCM for one message's body, with the AAD and IV buffers built once and only the sequence
 * number and length rewritten per frame (node:crypto copies them on use).
 */
export class BodyCipher {
  private readonly aad: Record<BodyKind, Buffer>;
  private readonly iv = Buffer.alloc(IV_LENGTH);
  private readonly cipher: AlgorithmSuite['cipher'];

  constructor(suite: AlgorithmSuite, private readonly key: KeyObject, messageId: Buffer) {
    this.cipher = suite.cipher;
    const make = (label: Buffer): Buffer => {
      const b = Buffer.alloc(messageId.length + label.length + 12);
      messageId.copy(b, 0);
      label.copy(b, messageId.length);
      return b;
    };
    this.aad = { frame: make(LABELS.frame), final: make(LABELS.final), single: make(LABELS.single) };
  }

  private aadFor(kind: BodyKind, seq: number, length: number): Buffer {
    const a = this.aad[kind];
    const o = a.length - 12;
    a.writeUInt32BE(seq, o);
    a.writeUInt32BE(Math.floor(length / 2 ** 32), o + 4);
    a.writeUInt32BE(length >>> 0, o + 8);
    return a;
  }

  /** The IV of sequence number `seq`. */
  ivFor(seq: number): Buffer {
    this.iv.writeUInt32BE(seq, 8);
    return this.iv;
  }

  /**
   * Encrypts `plaintext` as body part `kind` with sequence `seq`, writing IV-less ciphertext at
   * out[o..] and the tag right after it; returns the offset after the tag.
   */
  sealInto(kind: BodyKind, seq: number, plaintext: Uint8Array, out: Buffer, o: number): number {
    const c = createCipheriv(this.cipher, this.key, this.ivFor(seq), { authTagLength: TAG_LENGTH });
    c.setAAD(this.aadFor(kind, seq, plaintext.length));
    const ct = c.update(plaintext);
    c.final();
    o += ct.copy(out, o);
    o += c.getAuthTag().copy(out, o);
    return o;
  }

  /** Encrypts content given as pieces (a large frame spread over input chunks) without joining them. */
  sealPieces(kind: BodyKind, seq: number, pieces: readonly Uint8Array[], length: number): { ciphertext: Buffer[]; tag: Buffer } {
    const c = createCipheriv(this.cipher, this.key, this.ivFor(seq), { authTagLength: TAG_LENGTH });
    c.setAAD(this.aadFor(kind, seq, length));
    const ciphertext = pieces.map((p) => c.update(p));
    c.final();
    return { ciphertext, tag: c.getAuthTag() };
  }

  /** {@link open} over content given as pieces; returns the plaintext pieces once the tag verified. */
  openPieces(kind: BodyKind, seq: number, iv: Buffer, pieces: readonly Buffer[], length: number, tag: Buffer): Buffer[] {
    try {
      const d = createDecipheriv(this.cipher, this.key, iv, { authTagLength: TAG_LENGTH });
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
  open(kind: BodyKind, seq: number, iv: Buffer, ciphertext: Buffer, tag: Buffer): Buffer {
    try {
      const d = createDecipheriv(this.cipher, this.key, iv, { authTagLength: TAG_LENGTH });
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

/** Header auth: AES-GCM tag over an empty plaintext with the header body as AAD. */
export function headerAuthTag(suite: AlgorithmSuite, key: KeyObject, iv: Buffer, headerBody: Buffer): Buffer {
  const c = createCipheriv(suite.cipher, key, iv, { authTagLength: TAG_LENGTH });
  c.setAAD(headerBody);
  c.final();
  return c.getAuthTag();
}

/** Verifies the header auth tag; throws AuthenticationError. */
export function verifyHeaderAuth(suite: AlgorithmSuite, key: KeyObject, iv: Buffer, headerBody: Buffer, tag: Buffer): void {
  try {
    const d = createDecipheriv(suite.cipher, key, iv, { authTagLength: TAG_LENGTH });
    d.setAAD(headerBody);
    d.setAuthTag(tag);
    d.final();
  } catch (cause) {
    throw new AuthenticationError({ cause });
  }
}
