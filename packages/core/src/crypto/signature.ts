/**
 * ECDSA for signed suites: a fresh key pair per message; the public key travels in the encryption
 * context under `aws-crypto-public-key` as base64 of the compressed point; the footer holds a DER
 * signature over the header and body.
 */
import { createECDH, createPrivateKey, createPublicKey, ECDH, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { MalformedMessageError } from '../errors.js';
import type { AlgorithmSuite } from '../suites.js';

type Curve = 'P-256' | 'P-384';
const OPENSSL_NAME: Record<Curve, string> = { 'P-256': 'prime256v1', 'P-384': 'secp384r1' };
const COORD: Record<Curve, number> = { 'P-256': 32, 'P-384': 48 };

const b64url = (b: Buffer): string => b.toString('base64url');

/** A fresh signing key pair; returns the private KeyObject and the compressed public point as base64. */
export function generateSigningKey(suite: AlgorithmSuite): { signingKey: KeyObject; publicKeyBase64: string } {
  const curve = suite.signature!.curve;
  const ecdh = createECDH(OPENSSL_NAME[curve]);
  ecdh.generateKeys();
  const uncompressed = ecdh.getPublicKey();
  const n = COORD[curve];
  const signingKey = createPrivateKey({
    key: { kty: 'EC', crv: curve, d: b64url(ecdh.getPrivateKey()), x: b64url(uncompressed.subarray(1, 1 + n)), y: b64url(uncompressed.subarray(1 + n)) },
    format: 'jwk',
  });
  return { signingKey, publicKeyBase64: ecdh.getPublicKey(undefined, 'compressed').toString('base64') };
}

/** The verification key from the context's base64 compressed point. */
export function verificationKeyFrom(suite: AlgorithmSuite, publicKeyBase64: string): KeyObject {
  const curve = suite.signature!.curve;
  const n = COORD[curve];
  const compressed = Buffer.from(publicKeyBase64, 'base64');
  if (compressed.length !== n + 1 || (compressed[0] !== 2 && compressed[0] !== 3)) {
    throw new MalformedMessageError('header: the signing public key is not a compressed point of the suite curve');
  }
  try {
    const uncompressed = ECDH.convertKey(compressed, OPENSSL_NAME[curve], undefined, undefined, 'uncompressed') as Buffer;
    return createPublicKey({ key: { kty: 'EC', crv: curve, x: b64url(uncompressed.subarray(1, 1 + n)), y: b64url(uncompressed.subarray(1 + n)) }, format: 'jwk' });
  } catch (cause) {
    throw new MalformedMessageError('header: the signing public key is not a point of the suite curve', { cause });
  }
}

/** The hash name node:crypto's createSign/createVerify take for this suite. */
export function signatureHash(suite: AlgorithmSuite): string {
  return suite.signature!.hash;
}

/** Largest DER signature for the suite's curve (footer buffers are sized with it). */
export function maxSignatureLength(suite: AlgorithmSuite): number {
  return suite.signature?.curve === 'P-384' ? 104 : 72;
}
