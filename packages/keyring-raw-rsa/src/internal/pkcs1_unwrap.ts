/**
 * Legacy PKCS#1 v1.5 unwrapping without a padding oracle (Bleichenbacher, Marvin).
 *
 * A caller must never learn whether the padding was valid. So every failure (bad padding, wrong
 * length, wrong key) yields a data key of the suite's length derived from the ciphertext with a
 * per-keyring secret, as OpenSSL's implicit rejection does: a wrong data key then fails later in
 * the message exactly like a well-formed encryption of the wrong key (commitment or auth tag).
 *
 * node:crypto decrypts RSA_PKCS1_PADDING only where its OpenSSL has implicit rejection (it throws
 * otherwise since the CVE-2023-46809 fix); that is probed by behaviour once per process, and the
 * node-forge path is used where node:crypto refuses.
 */
import { Buffer } from 'node:buffer';
import { constants, createHmac, privateDecrypt, randomBytes, type KeyObject } from 'node:crypto';
import { forgePkcs1Decrypter } from './forge_pkcs1.js';

let implicitRejection: boolean | undefined;

/**
 * Whether node:crypto decrypts PKCS#1 v1.5 with implicit rejection: two random blocks below the
 * modulus (padding invalid but for a ~2^-16 chance each) decrypt without throwing.
 */
export function nodeHasImplicitRejection(privateKey: KeyObject): boolean {
  if (implicitRejection === undefined) {
    const bytes = Math.ceil((privateKey.asymmetricKeyDetails?.modulusLength ?? 2048) / 8);
    try {
      for (let i = 0; i < 2; i++) {
        const block = randomBytes(bytes);
        block[0] = 0; // below the modulus
        privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, block).fill(0);
      }
      implicitRejection = true;
    } catch {
      implicitRejection = false;
    }
  }
  return implicitRejection;
}

/** An unwrap function bound to `privateKey`: always returns `keyLength` bytes, never throws on bad input. */
export function pkcs1Unwrapper(privateKey: KeyObject): (ciphertext: Uint8Array, keyLength: number) => Buffer {
  const secret = randomBytes(32);
  const decrypt: (ct: Uint8Array) => Buffer = nodeHasImplicitRejection(privateKey)
    ? (ct) => privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, ct)
    : forgePkcs1Decrypter(privateKey);
  return (ciphertext, keyLength) => {
    // Computed on every call, used only on failure, so both paths do the same work.
    const synthetic = createHmac('sha512', secret).update(ciphertext).digest();
    let out: Buffer | undefined;
    try {
      out = decrypt(ciphertext);
    } catch {
      out = undefined;
    }
    const ok = out !== undefined && out.length === keyLength;
    const result = ok ? out! : Buffer.from(synthetic.subarray(0, keyLength));
    if (!ok) out?.fill(0);
    synthetic.fill(0);
    return result;
  };
}
