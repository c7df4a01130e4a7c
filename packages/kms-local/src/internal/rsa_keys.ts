/**
 * RSA ENCRYPT_DECRYPT keys (RSA_2048, RSA_3072, RSA_4096) with RSAES_OAEP_SHA_1 and
 * RSAES_OAEP_SHA_256, as AWS KMS has them: the ciphertext is the bare RSA-OAEP output (no key id
 * inside, so Decrypt needs KeyId), the public key is DER SubjectPublicKeyInfo, and the plaintext
 * limit is the OAEP limit: modulus bytes − 2 × hash bytes − 2 (Key spec reference: 214/190 bytes
 * for RSA_2048, 342/318 for RSA_3072, 470/446 for RSA_4096).
 */
import { constants, createPrivateKey, createPublicKey, generateKeyPair, privateDecrypt, publicEncrypt } from 'node:crypto';
import { promisify } from 'node:util';
import { KmsError } from '../kms_error.js';
import type { KeyRecord, LocalKeySpec } from '../state_store.js';

const generate = promisify(generateKeyPair);
const BITS: Readonly<Record<string, number>> = { RSA_2048: 2048, RSA_3072: 3072, RSA_4096: 4096 };
const HASH: Readonly<Record<string, { name: string; bytes: number }>> = {
  RSAES_OAEP_SHA_1: { name: 'sha1', bytes: 20 },
  RSAES_OAEP_SHA_256: { name: 'sha256', bytes: 32 },
};

/** Whether kms-local can make keys of `spec` (with ENCRYPT_DECRYPT usage). */
export const isRsaSpec = (spec: string): spec is LocalKeySpec => Object.hasOwn(BITS, spec);

/** A fresh key pair: base64 PKCS#8 DER private key and SPKI DER public key. */
export async function generateRsaKey(spec: LocalKeySpec): Promise<{ privateKey: string; publicKey: string }> {
  const { privateKey, publicKey } = await generate('rsa', {
    modulusLength: BITS[spec]!,
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
  });
  return { privateKey: privateKey.toString('base64'), publicKey: publicKey.toString('base64') };
}

export function rsaEncrypt(k: KeyRecord, algorithm: string, plaintext: Buffer): Buffer {
  const hash = HASH[algorithm]!;
  const max = BITS[k.keySpec]! / 8 - 2 * hash.bytes - 2;
  if (plaintext.length > max) throw new KmsError('ValidationException', `Algorithm ${algorithm} and key spec ${k.keySpec} cannot encrypt data larger than ${max} bytes.`);
  const key = createPublicKey({ key: Buffer.from(k.publicKey!, 'base64'), format: 'der', type: 'spki' });
  return publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash.name }, plaintext);
}

export function rsaDecrypt(k: KeyRecord, algorithm: string, ciphertext: Buffer): Buffer {
  const hash = HASH[algorithm]!;
  try {
    const key = createPrivateKey({ key: Buffer.from(k.privateKey!, 'base64'), format: 'der', type: 'pkcs8' });
    return privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash.name }, ciphertext);
  } catch {
    throw new KmsError('InvalidCiphertextException', 'The ciphertext is invalid or was not encrypted under this key with this algorithm.');
  }
}
