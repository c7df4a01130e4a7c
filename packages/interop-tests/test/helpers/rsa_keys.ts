// RSA key pairs for the interop tests, generated at run time (4096-bit generation is slow: call once per file).
import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';

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
