// RSA key pairs for the interop tests, generated at run time (4096-bit generation is slow: call once per file).
import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import { beforeAll } from 'vitest';

export interface PemPair {
  readonly publicKey: string;
  readonly privateKey: string;
}

export async function pemPair(bits: number): Promise<PemPair> {
  const { publicKey, privateKey } = await promisify(generateKeyPair)('rsa', {
    modulusLength: bits,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKey, privateKey };
}

/** 2048- and 4096-bit pairs for a test file, generated once before its tests (in parallel). */
export function rsaKeysForFile(): Record<number, PemPair> {
  const keys: Record<number, PemPair> = {};
  beforeAll(async () => {
    const [k2048, k4096] = await Promise.all([pemPair(2048), pemPair(4096)]);
    keys[2048] = k2048;
    keys[4096] = k4096;
  }, 120_000);
  return keys;
}
