/**
 * Legacy PKCS#1 v1.5 unwrapping without a padding oracle (Bleichenbacher, Marvin).
 *
 * A caller must never learn whether the padding was valid. So every failure (bad padding, wrong
 * length, wrong key) yields a data key of the suite's length derived from the ciphertext with a
 * per-keyring secret, as OpenSSL's implicit rejection does: a wrong data key then fails later in
 * the message exactly like a well-formed encryption of the wrong key (commitment or auth tag).
 *
 * node:crypto decrypts RSA_PKCS1_PADDING only where its OpenSSL has implicit rejection (it throws
 * otherwise since the CVE-2023-46809 fix); that is probed by behaviour once per process. Where it
 * refuses, the block is decrypted with RSA_NO_PADDING and its padding checked here, in constant
 * time with the same implicit rejection (pkcs1_depad.ts).
 */
import { Buffer } from 'node:buffer';
import { constants, createHmac, privateDecrypt, randomBytes, type KeyObject } from 'node:crypto';
import { depadPkcs1 } from './pkcs1_depad.js';

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

/**
 * An unwrap function bound to `privateKey`: always returns `keyLength` bytes, never throws on bad
 * input. `nodePadding`: let node:crypto check the padding (where it has implicit rejection), else
 * RSA_NO_PADDING and pkcs1_depad.ts.
 */
export function pkcs1Unwrapper(privateKey: KeyObject, nodePadding = nodeHasImplicitRejection(privateKey)): (ciphertext: Uint8Array, keyLength: number) => Buffer {
  const secret = randomBytes(32);
  return (ciphertext, keyLength) => {
    // Computed on every call, used only on failure, so both paths do the same work.
    const synthetic = createHmac('sha512', secret).update(ciphertext).digest();
    try {
      return nodePadding ? viaNode(privateKey, ciphertext, keyLength, synthetic) : viaNoPadding(privateKey, ciphertext, keyLength, synthetic);
    } finally {
      synthetic.fill(0);
    }
  };
}

function viaNode(privateKey: KeyObject, ciphertext: Uint8Array, keyLength: number, synthetic: Buffer): Buffer {
  let out: Buffer | undefined;
  try {
    out = privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, ciphertext);
  } catch {
    out = undefined;
  }
  const ok = out !== undefined && out.length === keyLength;
  const result = ok ? out! : Buffer.from(synthetic.subarray(0, keyLength));
  if (!ok) out?.fill(0);
  return result;
}

function viaNoPadding(privateKey: KeyObject, ciphertext: Uint8Array, keyLength: number, synthetic: Buffer): Buffer {
  const k = Math.ceil((privateKey.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
  let em: Buffer;
  try {
    // Fails only on what the ciphertext shows to anyone: its length, or a value not below the modulus.
    em = privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, ciphertext);
  } catch {
    return Buffer.from(synthetic.subarray(0, keyLength));
  }
  const block = em.length === k ? em : Buffer.concat([Buffer.alloc(Math.max(0, k - em.length)), em]);
  try {
    return depadPkcs1(block, keyLength, synthetic);
  } finally {
    em.fill(0);
    block.fill(0);
  }
}
