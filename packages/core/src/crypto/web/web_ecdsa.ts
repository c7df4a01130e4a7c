/**
 * ECDSA of the signed suites in browsers, on @noble/curves and @noble/hashes: WebCrypto signs only
 * whole messages it hashes itself, and a stream's signature covers bytes that arrive over minutes,
 * so the hash runs incrementally here and the curve signs its digest (a prehash).
 */
import { p256, p384 } from '@noble/curves/nist.js';
import type { EcCurve, HashName, SigningKey, Signer, VerificationKey, Verifier } from '../backend.js';
import { incrementalHash } from './web_hashes.js';
import { pkcs8OfScalar, scalarOfPkcs8 } from './pkcs8_ec.js';

const CURVES = { 'P-256': p256, 'P-384': p384 } as const;

export class WebSigningKey implements SigningKey {
  private scalar: Uint8Array | undefined;

  constructor(readonly curve: EcCurve, scalar: Uint8Array) {
    this.scalar = scalar;
  }

  get secret(): Uint8Array {
    if (!this.scalar) throw new Error('signing key used after destroy()');
    return this.scalar;
  }

  destroy(): void {
    this.scalar?.fill(0);
    this.scalar = undefined;
  }
}

class WebVerificationKey implements VerificationKey {
  constructor(readonly curve: EcCurve, readonly compressedPoint: Uint8Array) {}
}

function signingKeyOf(key: SigningKey): WebSigningKey {
  if (!(key instanceof WebSigningKey)) throw new TypeError('a signing key of another crypto backend');
  return key;
}

export function generateSigningKey(curve: EcCurve): { key: WebSigningKey; compressedPublicKey: Uint8Array } {
  const c = CURVES[curve];
  const scalar = c.utils.randomSecretKey();
  return { key: new WebSigningKey(curve, scalar), compressedPublicKey: c.getPublicKey(scalar, true) };
}

export function exportSigningKey(key: SigningKey): Uint8Array {
  const k = signingKeyOf(key);
  return pkcs8OfScalar(k.curve, k.secret);
}

export function importSigningKey(curve: EcCurve, pkcs8: Uint8Array): WebSigningKey {
  const scalar = scalarOfPkcs8(curve, pkcs8);
  CURVES[curve].getPublicKey(scalar, true); // throws for a scalar out of range
  return new WebSigningKey(curve, scalar);
}

export function importVerificationKey(curve: EcCurve, compressedPoint: Uint8Array): WebVerificationKey {
  const c = CURVES[curve];
  const length = curve === 'P-256' ? 33 : 49;
  if (compressedPoint.length !== length || (compressedPoint[0] !== 2 && compressedPoint[0] !== 3)) throw new Error(`not a compressed ${curve} point`);
  c.Point.fromBytes(compressedPoint).assertValidity(); // throws for bytes off the curve
  return new WebVerificationKey(curve, Uint8Array.from(compressedPoint));
}

export function signer(key: SigningKey, hash: HashName): Signer {
  const k = signingKeyOf(key);
  const h = incrementalHash(hash);
  return {
    update: (data) => h.update(data),
    sign: () => {
      const digest = h.digest();
      // Hedged (RFC 6979 with fresh randomness mixed in): a fault while signing cannot leak the key.
      return CURVES[k.curve].sign(digest, k.secret, { prehash: false, format: 'der', extraEntropy: true });
    },
  };
}

export function verifier(key: VerificationKey, hash: HashName): Verifier {
  if (!(key instanceof WebVerificationKey)) throw new TypeError('a verification key of another crypto backend');
  const h = incrementalHash(hash);
  return {
    update: (data) => h.update(data),
    verify: (der) => {
      const digest = h.digest();
      try {
        // OpenSSL (the AWS ESDKs, node:crypto) signs without normalizing s: high-S signatures are valid here.
        return CURVES[key.curve].verify(der, digest, key.compressedPoint, { prehash: false, format: 'der', lowS: false });
      } catch {
        return false;
      }
    },
  };
}
