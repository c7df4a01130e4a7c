/**
 * The browser's crypto backend: WebCrypto for AES-GCM (128 and 256 bits), HKDF, HMAC and random
 * bytes; @noble/* where WebCrypto is one-shot or lacks a primitive (incremental SHA-2, ECDSA over a
 * prehash, 192-bit AES-GCM in Chromium). Core reaches it through its `#crypto-backend` import under
 * the `browser` condition.
 */
import type { CryptoBackend, HashName } from '../backend.js';
import { assembleBackend } from '../backend_parts.js';
import * as aesGcm from './web_aes_gcm.js';
import * as ecdsa from './web_ecdsa.js';
import { WEB_HASH, incrementalHash } from './web_hashes.js';

/** getRandomValues fills at most 65,536 bytes a call. */
function randomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let o = 0; o < length; o += 65536) crypto.getRandomValues(out.subarray(o, Math.min(length, o + 65536)));
  return out;
}

function equalConstantTime(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}

async function hmac(name: HashName, key: Uint8Array, data: readonly Uint8Array[]): Promise<Uint8Array> {
  const k = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: WEB_HASH[name] }, false, ['sign']);
  const joined = new Uint8Array(data.reduce((n, d) => n + d.length, 0));
  let o = 0;
  for (const d of data) {
    joined.set(d, o);
    o += d.length;
  }
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, joined));
}

async function hkdf(name: HashName, ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Promise<Uint8Array> {
  const k = await crypto.subtle.importKey('raw', ikm, 'HKDF', false, ['deriveBits']);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'HKDF', hash: WEB_HASH[name], salt, info }, k, length * 8));
}

/** The backend core uses in browsers. */
export const backend: CryptoBackend = assembleBackend({ name: 'webcrypto', randomBytes, equalConstantTime, hash: incrementalHash, hmac, hkdf }, aesGcm, ecdsa);

/** For people: the backend in use (the same on every browser build). */
export const backendDescription = 'webcrypto (WebCrypto with @noble/*)';
