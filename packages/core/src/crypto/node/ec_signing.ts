/** ECDSA of the signed suites on node:crypto: key pairs, import and export, DER signatures. */
import { createECDH, createPrivateKey, createPublicKey, createSign, createVerify, type KeyObject } from 'node:crypto';
import type { EcCurve, HashName, Signer, SigningKey, VerificationKey, Verifier } from '../backend.js';
import { sec1PrivateKey, spkiOfCompressedPoint } from '../ec_der.js';

const OPENSSL_CURVE: Record<EcCurve, string> = { 'P-256': 'prime256v1', 'P-384': 'secp384r1' };

class NodeSigningKey implements SigningKey {
  private object: KeyObject | undefined;

  constructor(readonly curve: EcCurve, object: KeyObject) {
    this.object = object;
  }

  get keyObject(): KeyObject {
    if (!this.object) throw new Error('signing key used after destroy()');
    return this.object;
  }

  /** A KeyObject's native copy cannot be wiped from JavaScript: the handle lets go of it. */
  destroy(): void {
    this.object = undefined;
  }
}

class NodeVerificationKey implements VerificationKey {
  constructor(readonly curve: EcCurve, readonly compressedPoint: Uint8Array, readonly keyObject: KeyObject) {}
}

function signingKeyOf(key: SigningKey): NodeSigningKey {
  if (!(key instanceof NodeSigningKey)) throw new TypeError('a signing key of another crypto backend');
  return key;
}

/**
 * A fresh key pair: made with ECDH and imported as a SEC1 private key, not with generateKeyPairSync
 * and a JWK export of the public key. On Node 20 that pair deadlocks now and then (a garbage
 * collection during the export, which holds the key's lock, finalizes the finished key-generation
 * job, which takes the same lock; seen in the fuzzer and reproduced in a loop of plain node:crypto
 * calls), and it would stop a process that encrypts with signed suites, the default suite
 * included, for good.
 */
export function generateSigningKey(curve: EcCurve): { key: SigningKey; compressedPublicKey: Uint8Array } {
  const ecdh = createECDH(OPENSSL_CURVE[curve]);
  ecdh.generateKeys();
  const compressedPublicKey = ecdh.getPublicKey(undefined, 'compressed');
  const scalar = ecdh.getPrivateKey();
  const sec1 = sec1PrivateKey(curve, scalar, ecdh.getPublicKey());
  scalar.fill(0);
  try {
    return { key: new NodeSigningKey(curve, createPrivateKey({ key: Buffer.from(sec1.buffer, sec1.byteOffset, sec1.byteLength), format: 'der', type: 'sec1' })), compressedPublicKey };
  } finally {
    sec1.fill(0);
  }
}

export function exportSigningKey(key: SigningKey): Uint8Array {
  return signingKeyOf(key).keyObject.export({ format: 'der', type: 'pkcs8' });
}

export function importSigningKey(curve: EcCurve, pkcs8: Uint8Array): SigningKey {
  const object = createPrivateKey({ key: Buffer.from(pkcs8.buffer, pkcs8.byteOffset, pkcs8.byteLength), format: 'der', type: 'pkcs8' });
  if (object.asymmetricKeyType !== 'ec' || object.asymmetricKeyDetails?.namedCurve !== OPENSSL_CURVE[curve]) {
    throw new Error(`not a ${curve} private key`);
  }
  return new NodeSigningKey(curve, object);
}

export function importVerificationKey(curve: EcCurve, compressedPoint: Uint8Array): VerificationKey {
  // OpenSSL decompresses the point on import, and refuses one that is not on the curve.
  const spki = spkiOfCompressedPoint(curve, compressedPoint);
  const object = createPublicKey({ key: Buffer.from(spki.buffer, spki.byteOffset, spki.byteLength), format: 'der', type: 'spki' });
  return new NodeVerificationKey(curve, Uint8Array.from(compressedPoint), object);
}

export function signer(key: SigningKey, hash: HashName): Signer {
  const k = signingKeyOf(key).keyObject;
  const s = createSign(hash);
  return {
    update: (data) => void s.update(data),
    sign: () => s.sign(k),
  };
}

export function verifier(key: VerificationKey, hash: HashName): Verifier {
  if (!(key instanceof NodeVerificationKey)) throw new TypeError('a verification key of another crypto backend');
  const v = createVerify(hash);
  return {
    update: (data) => void v.update(data),
    verify: (derSignature) => {
      try {
        return v.verify(key.keyObject, derSignature);
      } catch {
        return false; // a signature that is not DER at all
      }
    },
  };
}
