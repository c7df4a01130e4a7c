/**
 * AES-GCM in browsers: WebCrypto for 128- and 256-bit keys (the platform's, hardware-backed and off
 * the main thread), @noble/ciphers for 192-bit keys where WebCrypto lacks them (Chromium). WebCrypto
 * is one-shot, so an incremental sealing or opening gathers its pieces and runs once at `final`:
 * memory is the frame, and an opening still hands out plaintext only after its tag verified.
 */
import { gcm } from '@noble/ciphers/aes.js';
import type { AesKey, GcmBatch, GcmOpening, GcmSealing } from '../backend.js';

/** WebCrypto's key type, named from the global `crypto` (Node's types declare no global CryptoKey). */
type CryptoKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;
type Sealed = { readonly ciphertext: Uint8Array; readonly tag: Uint8Array };

/** A key held by WebCrypto (not extractable) or, for 192 bits where WebCrypto lacks them, as bytes for @noble/ciphers. */
export class WebAesKey implements AesKey {
  private web: CryptoKey | undefined;
  private raw: Uint8Array | undefined;

  constructor(readonly length: 16 | 24 | 32, key: CryptoKey | Uint8Array) {
    if (key instanceof Uint8Array) this.raw = key;
    else this.web = key;
  }

  /** What runs this key: a CryptoKey, or the bytes for @noble/ciphers. Throws once destroyed. */
  get material(): CryptoKey | Uint8Array {
    const m = this.web ?? this.raw;
    if (!m) throw new Error('AES key used after destroy()');
    return m;
  }

  /** Wipes the bytes held for @noble/ciphers; a CryptoKey cannot be wiped from JavaScript, the handle lets go of it. */
  destroy(): void {
    this.raw?.fill(0);
    this.raw = undefined;
    this.web = undefined;
  }
}

function webKey(key: AesKey): WebAesKey {
  if (!(key instanceof WebAesKey)) throw new TypeError('an AES key of another crypto backend');
  return key;
}

let aes192InWebCrypto: Promise<boolean> | undefined;

/** Whether this platform's WebCrypto takes 192-bit AES keys (Firefox does, Chromium does not); asked once. */
function webCryptoHasAes192(): Promise<boolean> {
  aes192InWebCrypto ??= crypto.subtle.importKey('raw', new Uint8Array(24), 'AES-GCM', false, ['encrypt']).then(
    () => true,
    () => false,
  );
  return aes192InWebCrypto;
}

export async function importAesKey(raw: Uint8Array): Promise<WebAesKey> {
  const n = raw.length;
  if (n !== 16 && n !== 24 && n !== 32) throw new RangeError(`an AES key is 16, 24 or 32 bytes, not ${n}`);
  if (n === 24 && !(await webCryptoHasAes192())) return new WebAesKey(n, Uint8Array.from(raw));
  // Not extractable: a script that gets hold of the handle still cannot read the key out of it.
  return new WebAesKey(n, await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']));
}

/** Keys cross to worker threads as bytes; pages have none here, and WebCrypto keys stay inside WebCrypto. */
export function exportAesKey(key: AesKey): Promise<Uint8Array> {
  const m = webKey(key).material;
  if (m instanceof Uint8Array) return Promise.resolve(Uint8Array.from(m));
  return Promise.reject(new Error('a WebCrypto AES key is not extractable'));
}

function nobleTag(tagLength: number): void {
  if (tagLength !== 16) throw new RangeError(`AES-GCM with a ${tagLength}-byte tag is not supported for 192-bit keys here`);
}

/**
 * WebCrypto refuses views of a SharedArrayBuffer (a cross-origin-isolated page's, a threaded wasm
 * memory's); the streams hand it views of the caller's chunks, so those are copied first.
 */
function unshared(b: Uint8Array): Uint8Array {
  return typeof SharedArrayBuffer !== 'undefined' && b.buffer instanceof SharedArrayBuffer ? b.slice() : b;
}

/** ciphertext || tag, in one buffer (WebCrypto's and @noble/ciphers' layout). */
async function sealJoined(key: AesKey, iv: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, tagLength: number): Promise<Uint8Array> {
  const m = webKey(key).material;
  if (m instanceof Uint8Array) {
    nobleTag(tagLength);
    return gcm(m, iv, aad).encrypt(plaintext);
  }
  return new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad, tagLength: tagLength * 8 }, m, unshared(plaintext)));
}

/** Opens ciphertext || tag; throws when the tag does not verify. */
async function openJoined(key: AesKey, iv: Uint8Array, aad: Uint8Array, joined: Uint8Array, tagLength: number): Promise<Uint8Array> {
  const m = webKey(key).material;
  if (m instanceof Uint8Array) {
    nobleTag(tagLength);
    return gcm(m, iv, aad).decrypt(joined);
  }
  try {
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: aad, tagLength: tagLength * 8 }, m, unshared(joined)));
  } catch (cause) {
    throw new Error('AES-GCM: the tag does not verify', { cause });
  }
}

function join(parts: readonly Uint8Array[], total?: number): Uint8Array {
  const out = new Uint8Array(total ?? parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export async function seal(key: AesKey, iv: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, tagLength: number): Promise<Sealed> {
  const joined = await sealJoined(key, iv, aad, plaintext, tagLength);
  const n = joined.length - tagLength;
  return { ciphertext: joined.subarray(0, n), tag: joined.subarray(n) };
}

/** ciphertext || tag as one view when the tag follows the ciphertext in the same buffer (a body part read whole), else a copy. */
function joinedView(ciphertext: Uint8Array, tag: Uint8Array): Uint8Array {
  if (tag.buffer === ciphertext.buffer && tag.byteOffset === ciphertext.byteOffset + ciphertext.length) {
    return new Uint8Array(ciphertext.buffer, ciphertext.byteOffset, ciphertext.length + tag.length);
  }
  return join([ciphertext, tag]);
}

export function open(key: AesKey, iv: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array): Promise<Uint8Array> {
  return openJoined(key, iv, aad, joinedView(ciphertext, tag), tag.length);
}

function ivOf(b: GcmBatch, i: number): Uint8Array {
  return b.ivs.subarray(i * b.ivLength, (i + 1) * b.ivLength);
}

function aadOf(b: GcmBatch, i: number): Uint8Array {
  const a = b.aadStarts[i]!;
  return b.aad.subarray(a, a + b.aadLengths[i]!);
}

/** Seals every operation at once (WebCrypto runs them off the main thread), then writes each result in place. */
export async function sealBatch(key: AesKey, b: GcmBatch): Promise<void> {
  const runs: Promise<Uint8Array>[] = [];
  for (let i = 0; i < b.count; i++) {
    const s = b.inputStarts[i]!;
    runs.push(sealJoined(key, ivOf(b, i), aadOf(b, i), b.input.subarray(s, s + b.lengths[i]!), b.tagLength));
  }
  const sealed = await Promise.all(runs);
  for (let i = 0; i < b.count; i++) b.output.set(sealed[i]!, b.outputStarts[i]!);
}

/**
 * Opens every operation at once, then writes plaintexts in order up to the first that failed: its
 * output and all after it are left unwritten (an in-place batch keeps their ciphertext).
 */
export async function openBatch(key: AesKey, b: GcmBatch): Promise<number> {
  const runs: Promise<Uint8Array | undefined>[] = [];
  for (let i = 0; i < b.count; i++) {
    const s = b.inputStarts[i]!;
    const joined = b.input.subarray(s, s + b.lengths[i]! + b.tagLength);
    runs.push(openJoined(key, ivOf(b, i), aadOf(b, i), joined, b.tagLength).catch(() => undefined));
  }
  const opened = await Promise.all(runs);
  let failed = b.count;
  for (let i = 0; i < b.count; i++) {
    const p = opened[i];
    if (p && failed === b.count) b.output.set(p, b.outputStarts[i]!);
    else if (failed === b.count) failed = i;
    p?.fill(0);
  }
  return failed;
}

export function sealing(key: AesKey, ivIn: Uint8Array, aadIn: Uint8Array, tagLength: number): GcmSealing {
  // Copies: the caller may rewrite its IV and AAD buffers before final() runs.
  const iv = Uint8Array.from(ivIn);
  const aad = Uint8Array.from(aadIn);
  const held: Uint8Array[] = [];
  return {
    update(plaintext) {
      held.push(Uint8Array.from(plaintext)); // the caller may reuse its chunk
      return undefined;
    },
    async final() {
      const pt = join(held);
      for (const p of held) p.fill(0);
      try {
        const s = await seal(key, iv, aad, pt, tagLength);
        return { ciphertext: [s.ciphertext], tag: s.tag };
      } finally {
        pt.fill(0);
      }
    },
  };
}

/** Ciphertext gathered as it comes; opened (and plaintext handed out) only once the tag is there and verifies. */
class WebOpening implements GcmOpening {
  private held: Uint8Array[] = [];
  private length = 0;

  constructor(
    private readonly key: AesKey,
    private readonly iv: Uint8Array,
    private readonly aad: Uint8Array,
    private readonly tagLength: number,
  ) {}

  update(ciphertext: Uint8Array): void {
    this.held.push(Uint8Array.from(ciphertext));
    this.length += ciphertext.length;
  }

  async final(tag: Uint8Array): Promise<readonly Uint8Array[]> {
    if (tag.length !== this.tagLength) throw new Error('AES-GCM: the tag does not verify');
    const joined = join([...this.held, tag], this.length + tag.length);
    this.held = [];
    return [await openJoined(this.key, this.iv, this.aad, joined, this.tagLength)];
  }

  discard(): void {
    this.held = [];
    this.length = 0;
  }
}

export function opening(key: AesKey, iv: Uint8Array, aad: Uint8Array, tagLength: number): GcmOpening {
  webKey(key);
  // Copies: the caller may rewrite its IV and AAD buffers before final() runs.
  return new WebOpening(key, Uint8Array.from(iv), Uint8Array.from(aad), tagLength);
}
