/**
 * PKCS#1 v1.5 decryption through node-forge. Node refuses RSA_PKCS1_PADDING for private
 * decryption since the fix of CVE-2023-46809 (Marvin attack); this path exists only so escrow keys
 * configured for `pkcs1` can still read old messages.
 */
import { Buffer } from 'node:buffer';
import type { KeyObject } from 'node:crypto';
import type forgeNs from 'node-forge';
import { loadForge } from './forge.js';

function big(b64url: string | undefined): forgeNs.jsbn.BigInteger {
  return new (loadForge().jsbn.BigInteger)(Buffer.from(b64url ?? '', 'base64url').toString('hex'), 16);
}

/** A decrypt function bound to `privateKey` (converted once). */
export function forgePkcs1Decrypter(privateKey: KeyObject): (ciphertext: Uint8Array) => Buffer {
  const jwk = privateKey.export({ format: 'jwk' });
  const key = loadForge().pki.rsa.setPrivateKey(big(jwk.n), big(jwk.e), big(jwk.d), big(jwk.p), big(jwk.q), big(jwk.dp), big(jwk.dq), big(jwk.qi));
  return (ciphertext) => Buffer.from(key.decrypt(Buffer.from(ciphertext).toString('binary'), 'RSAES-PKCS1-V1_5'), 'binary');
}
