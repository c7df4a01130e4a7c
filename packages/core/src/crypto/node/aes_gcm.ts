/**
 * AES-GCM on node:crypto: one Cipheriv/Decipheriv per operation (OpenSSL state cannot be re-keyed
 * through Node's API), keys held as KeyObjects so the raw bytes are copied once into native memory.
 */
import { createCipheriv, createDecipheriv, createSecretKey, type CipherGCMTypes, type DecipherGCM, type KeyObject } from 'node:crypto';
import type { AesKey, GcmBatch, GcmOpening, GcmSealing } from '../backend.js';

const CIPHERS = { 16: 'aes-128-gcm', 24: 'aes-192-gcm', 32: 'aes-256-gcm' } as const satisfies Record<AesKey['length'], CipherGCMTypes>;

/** Cipher options, made once per tag length rather than per frame. */
const OPTIONS = new Map<number, { readonly authTagLength: number }>();
const TAG16 = Object.freeze({ authTagLength: 16 });
function options(tagLength: number): { readonly authTagLength: number } {
  if (tagLength === 16) return TAG16;
  let o = OPTIONS.get(tagLength);
  if (!o) OPTIONS.set(tagLength, (o = Object.freeze({ authTagLength: tagLength })));
  return o;
}

const EMPTY = new Uint8Array(0);

export class NodeAesKey implements AesKey {
  readonly cipher: CipherGCMTypes;
  private object: KeyObject | undefined;

  constructor(readonly length: 16 | 24 | 32, object: KeyObject) {
    this.cipher = CIPHERS[length];
    this.object = object;
  }

  /** The KeyObject (throws once destroyed). */
  get keyObject(): KeyObject {
    if (!this.object) throw new Error('AES key used after destroy()');
    return this.object;
  }

  /** A KeyObject's native copy cannot be wiped from JavaScript: the handle lets go of it. */
  destroy(): void {
    this.object = undefined;
  }
}

function nodeKey(key: AesKey): NodeAesKey {
  if (!(key instanceof NodeAesKey)) throw new TypeError('an AES key of another crypto backend');
  return key;
}

export function importAesKey(raw: Uint8Array): NodeAesKey {
  const n = raw.length;
  if (n !== 16 && n !== 24 && n !== 32) throw new RangeError(`an AES key is 16, 24 or 32 bytes, not ${n}`);
  return new NodeAesKey(n, createSecretKey(raw));
}

export function exportAesKey(key: AesKey): Uint8Array {
  return nodeKey(key).keyObject.export();
}

export function seal(key: AesKey, iv: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, tagLength: number): { ciphertext: Uint8Array; tag: Uint8Array } {
  const k = nodeKey(key);
  const c = createCipheriv(k.cipher, k.keyObject, iv, options(tagLength));
  c.setAAD(aad);
  const ciphertext = plaintext.length > 0 ? c.update(plaintext) : EMPTY;
  c.final();
  return { ciphertext, tag: c.getAuthTag() };
}

export function open(key: AesKey, iv: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array): Uint8Array {
  const k = nodeKey(key);
  const d = createDecipheriv(k.cipher, k.keyObject, iv, options(tag.length));
  d.setAAD(aad);
  d.setAuthTag(tag);
  const plaintext = ciphertext.length > 0 ? d.update(ciphertext) : EMPTY;
  try {
    d.final();
  } catch (cause) {
    plaintext.fill(0);
    throw cause;
  }
  return plaintext;
}

export function sealBatch(key: AesKey, b: GcmBatch): void {
  const k = nodeKey(key);
  const o = options(b.tagLength);
  for (let i = 0; i < b.count; i++) {
    const c = createCipheriv(k.cipher, k.keyObject, b.ivs.subarray(i * b.ivLength, (i + 1) * b.ivLength), o);
    const a = b.aadStarts[i]!;
    c.setAAD(b.aad.subarray(a, a + b.aadLengths[i]!));
    const s = b.inputStarts[i]!;
    const n = b.lengths[i]!;
    const at = b.outputStarts[i]!;
    if (n > 0) b.output.set(c.update(b.input.subarray(s, s + n)), at);
    c.final();
    b.output.set(c.getAuthTag(), at + n);
  }
}

export function openBatch(key: AesKey, b: GcmBatch): number {
  const k = nodeKey(key);
  const o = options(b.tagLength);
  for (let i = 0; i < b.count; i++) {
    const s = b.inputStarts[i]!;
    const n = b.lengths[i]!;
    const a = b.aadStarts[i]!;
    const d = createDecipheriv(k.cipher, k.keyObject, b.ivs.subarray(i * b.ivLength, (i + 1) * b.ivLength), o);
    d.setAAD(b.aad.subarray(a, a + b.aadLengths[i]!));
    d.setAuthTag(b.input.subarray(s + n, s + n + b.tagLength));
    const plaintext = n > 0 ? d.update(b.input.subarray(s, s + n)) : EMPTY;
    try {
      d.final();
    } catch {
      plaintext.fill(0);
      return i;
    }
    // Written only now, after the tag: an in-place opening keeps the ciphertext of a failed frame.
    b.output.set(plaintext, b.outputStarts[i]!);
    plaintext.fill(0);
  }
  return b.count;
}

export function sealing(key: AesKey, iv: Uint8Array, aad: Uint8Array, tagLength: number): GcmSealing {
  const k = nodeKey(key);
  const c = createCipheriv(k.cipher, k.keyObject, iv, options(tagLength));
  c.setAAD(aad);
  return {
    update: (plaintext) => c.update(plaintext),
    final: () => {
      const rest = c.final();
      return { ciphertext: rest.length > 0 ? [rest] : [], tag: c.getAuthTag() };
    },
  };
}

/** Plaintext pieces deciphered as they come, held (never handed out) until the tag verified. */
class NodeOpening implements GcmOpening {
  private readonly held: Uint8Array[] = [];

  constructor(private readonly d: DecipherGCM) {}

  update(ciphertext: Uint8Array): void {
    const p = this.d.update(ciphertext);
    if (p.length > 0) this.held.push(p);
  }

  final(tag: Uint8Array): readonly Uint8Array[] {
    try {
      this.d.setAuthTag(tag);
      this.d.final();
    } catch (cause) {
      this.discard();
      throw cause;
    }
    return this.held;
  }

  discard(): void {
    for (const p of this.held) p.fill(0);
    this.held.length = 0;
  }
}

export function opening(key: AesKey, iv: Uint8Array, aad: Uint8Array, tagLength: number): GcmOpening {
  const k = nodeKey(key);
  const d = createDecipheriv(k.cipher, k.keyObject, iv, options(tagLength));
  d.setAAD(aad);
  return new NodeOpening(d);
}
