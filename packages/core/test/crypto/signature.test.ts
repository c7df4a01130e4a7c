import { describe, expect, it } from 'vitest';
import { findSuite, MalformedMessageError } from '@envelope/core';
import { generateSigningKey, signerFor, verificationKeyFrom, verifierFor } from '../../src/crypto/signature.js';

const p384 = findSuite(0x0578)!;
const p256 = findSuite(0x0214)!;
const now = async <T>(v: T | Promise<T>): Promise<T> => v;

describe('verification keys from the header', () => {
  it('a key the manager already imported for this very point is used as it is; another point, curve or object is imported anew', async () => {
    const a = await now(generateSigningKey(p384));
    const b = await now(generateSigningKey(p384));
    const known = await now(verificationKeyFrom(p384, a.publicKeyBase64));
    expect(await now(verificationKeyFrom(p384, a.publicKeyBase64, known))).toBe(known);
    // Another point: the header's key, never the manager's.
    const other = await now(verificationKeyFrom(p384, b.publicKeyBase64, known));
    expect(other).not.toBe(known);
    expect(Buffer.from(other.compressedPoint).toString('base64')).toBe(b.publicKeyBase64);
    // Look-alikes: same bytes but another curve, a plain object without the point.
    const forged = { curve: 'P-256', compressedPoint: known.compressedPoint };
    expect(await now(verificationKeyFrom(p384, a.publicKeyBase64, forged))).not.toBe(forged);
    expect(await now(verificationKeyFrom(p384, a.publicKeyBase64, { curve: 'P-384' }))).not.toBe(known);
    // The reused key verifies what the signer signed.
    const s = signerFor(p384, a.signingKey);
    s.update(new Uint8Array([1, 2, 3]));
    const sig = await now(s.sign());
    const v = verifierFor(p384, await now(verificationKeyFrom(p384, a.publicKeyBase64, known)));
    v.update(new Uint8Array([1, 2, 3]));
    expect(await now(v.verify(sig))).toBe(true);
  });

  it('a point of the wrong length or spelling is refused before anything is reused', async () => {
    const a = await now(generateSigningKey(p256));
    const known = await now(verificationKeyFrom(p256, a.publicKeyBase64));
    expect(() => verificationKeyFrom(p384, a.publicKeyBase64, known)).toThrow(MalformedMessageError);
    const c = await now(generateSigningKey(p384));
    const knownC = await now(verificationKeyFrom(p384, c.publicKeyBase64));
    expect(c.publicKeyBase64.endsWith('=')).toBe(true);
    expect(() => verificationKeyFrom(p384, c.publicKeyBase64.replace(/=+$/, ''), knownC)).toThrow(MalformedMessageError);
  });
});
