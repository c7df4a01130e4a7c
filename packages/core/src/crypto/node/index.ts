/**
 * The node:crypto backend: everything answers synchronously. Core reaches it as `#crypto-backend`
 * (package.json `imports`, the default condition), with its AES-GCM from the native addon when
 * that is installed and allowed (native_aes.ts).
 */
import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CryptoBackend, HashName } from '../backend.js';
import { assembleBackend } from '../backend_parts.js';
import * as aesGcm from './aes_gcm.js';
import * as ecdsa from './ec_signing.js';
import { chooseBackend } from './native_aes.js';

function hmac(name: HashName, key: Uint8Array, data: readonly Uint8Array[]): Uint8Array {
  const h = createHmac(name, key);
  for (const d of data) h.update(d);
  return h.digest();
}

const nodeCrypto = assembleBackend(
  {
    name: 'node',
    randomBytes: (length: number) => randomBytes(length),
    equalConstantTime: (a: Uint8Array, b: Uint8Array) => a.length === b.length && timingSafeEqual(a, b),
    hash: (name: HashName) => createHash(name),
    hmac,
    hkdf: (name: HashName, ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number) => new Uint8Array(hkdfSync(name, ikm, salt, info, length)),
  },
  aesGcm,
  ecdsa,
);

const choice = chooseBackend(nodeCrypto);

/** The backend core uses in this process. */
export const backend: CryptoBackend = choice.backend;

/** For people (`envelope --version`): the backend and why it was chosen. */
export const backendDescription: string = choice.description;
