// The Node backend in use against the interface's promises (crypto/backend.ts): batches agree with
// one-shot calls, openings release nothing unverified, keys survive export and import. Its AES-GCM is
// the native addon's, or node:crypto's under ENVELOPE_NATIVE=0: the suite runs this file both ways.
import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backend } from '#crypto-backend';
import type { AesKey, EcCurve, GcmBatch } from '../../src/crypto/backend.js';
import { now } from '../../src/crypto/maybe.js';

const key = (n: 16 | 24 | 32 = 32): { raw: Buffer; k: AesKey } => {
  const raw = randomBytes(n);
  return { raw, k: now(backend.importAesKey(raw)) };
};

/** A batch of `lengths.length` operations laid end to end, ciphertext and tag after each other. */
function batch(lengths: number[], input: Uint8Array, output: Uint8Array, sealed: boolean): GcmBatch {
  const count = lengths.length;
  const ivs = randomBytes(12 * count);
  const aad = randomBytes(20 * count);
  let i0 = 0;
  let o0 = 0;
  const inputStarts = new Uint32Array(count);
  const outputStarts = new Uint32Array(count);
  lengths.forEach((n, i) => {
    inputStarts[i] = i0;
    outputStarts[i] = o0;
    i0 += n + (sealed ? 16 : 0);
    o0 += n + (sealed ? 0 : 16);
  });
  return { count, ivLength: 12, tagLength: 16, ivs, aad, aadStarts: Uint32Array.from(lengths, (_n, i) => 20 * i), aadLengths: new Uint32Array(count).fill(20), input, inputStarts, lengths: Uint32Array.from(lengths), output, outputStarts };
}

describe(`Node backend (${backend.name})`, () => {
  it('answers synchronously', () => {
    const { k } = key();
    expect(backend.seal(k, randomBytes(12), randomBytes(3), randomBytes(5), 16)).not.toBeInstanceOf(Promise);
    expect(backend.hkdf('sha256', randomBytes(32), new Uint8Array(0), randomBytes(4), 32)).not.toBeInstanceOf(Promise);
  });

  it.each([16, 24, 32] as const)('seal matches node:crypto AES-%i-GCM and open reverses it', (n) => {
    const { raw, k } = key(n);
    const iv = randomBytes(12);
    const aad = randomBytes(7);
    const pt = randomBytes(100);
    const r = now(backend.seal(k, iv, aad, pt, 16));
    const c = createCipheriv(`aes-${n * 8}-gcm` as 'aes-256-gcm', raw, iv).setAAD(aad);
    expect(Buffer.from(r.ciphertext).equals(c.update(pt))).toBe(true);
    c.final();
    expect(Buffer.from(r.tag).equals(c.getAuthTag())).toBe(true);
    expect(Buffer.from(now(backend.open(k, iv, aad, r.ciphertext, r.tag))).equals(pt)).toBe(true);
    const bad = Uint8Array.from(r.tag);
    bad[0]! ^= 1;
    expect(() => backend.open(k, iv, aad, r.ciphertext, bad)).toThrow();
  });

  it('a sealed batch opens frame by frame, and an opened batch stops at the first bad tag, writing nothing of it or after it', () => {
    const { k } = key();
    const lengths = [0, 1, 4096, 17, 300];
    const total = lengths.reduce((a, b) => a + b, 0);
    const pt = randomBytes(total);
    const sealedOut = new Uint8Array(total + 16 * lengths.length);
    const s = batch(lengths, pt, sealedOut, false);
    now(backend.sealBatch(k, s));
    const opened = new Uint8Array(total).fill(0xee);
    const o: GcmBatch = { ...s, input: sealedOut, inputStarts: s.outputStarts, output: opened, outputStarts: s.inputStarts };
    // Each operation opens alone with the one-shot call too.
    lengths.forEach((n, i) => {
      const at = s.outputStarts[i]!;
      const one = now(backend.open(k, s.ivs.subarray(12 * i, 12 * i + 12), s.aad.subarray(20 * i, 20 * i + 20), sealedOut.subarray(at, at + n), sealedOut.subarray(at + n, at + n + 16)));
      expect(Buffer.from(one).equals(pt.subarray(s.inputStarts[i]!, s.inputStarts[i]! + n))).toBe(true);
    });
    expect(now(backend.openBatch(k, o))).toBe(lengths.length);
    expect(Buffer.from(opened).equals(pt)).toBe(true);
    sealedOut[s.outputStarts[3]! + 3]! ^= 1;
    opened.fill(0xee);
    expect(now(backend.openBatch(k, o))).toBe(3);
    const firstBad = s.inputStarts[3]!;
    expect(Buffer.from(opened.subarray(0, firstBad)).equals(pt.subarray(0, firstBad))).toBe(true);
    // The failed operation's output zeroed or left unwritten (the interface allows either), nothing after it.
    const failed = opened.subarray(firstBad, firstBad + lengths[3]!);
    expect(failed.every((b) => b === 0) || failed.every((b) => b === 0xee)).toBe(true);
    expect(opened.subarray(firstBad + lengths[3]!).every((b) => b === 0xee)).toBe(true);
  });

  it('an incremental opening hands out plaintext only from final, after the tag', () => {
    const { k } = key();
    const iv = randomBytes(12);
    const aad = randomBytes(9);
    const pt = randomBytes(70_000);
    const s = backend.sealing(k, iv, aad, 16);
    const parts = [s.update(pt.subarray(0, 1000)), s.update(pt.subarray(1000))];
    const f = now(s.final());
    const ct = Buffer.concat([...parts.filter((p): p is Uint8Array => p !== undefined), ...f.ciphertext]);
    const good = backend.opening(k, iv, aad, 16);
    good.update(ct.subarray(0, 5));
    good.update(ct.subarray(5));
    expect(Buffer.concat(now(good.final(f.tag))).equals(pt)).toBe(true);
    const bad = backend.opening(k, iv, aad, 16);
    bad.update(ct);
    const tag = Uint8Array.from(f.tag);
    tag[15]! ^= 0x80;
    expect(() => bad.final(tag)).toThrow();
  });

  it('the AES key survives export and import; a destroyed key is not used again', () => {
    const { raw, k } = key(24);
    expect(Buffer.from(now(backend.exportAesKey(k))).equals(raw)).toBe(true);
    k.destroy();
    expect(() => backend.seal(k, randomBytes(12), new Uint8Array(0), new Uint8Array(1), 16)).toThrow(/destroy/);
  });

  it.each(['P-256', 'P-384'] as const)('%s: signatures verify, through a PKCS#8 export and import too; a wrong or malformed one does not', (curve: EcCurve) => {
    const hash = curve === 'P-256' ? 'sha256' : 'sha384';
    const { key: sk, compressedPublicKey } = now(backend.generateSigningKey(curve));
    expect(compressedPublicKey.length).toBe(curve === 'P-256' ? 33 : 49);
    const vk = now(backend.importVerificationKey(curve, compressedPublicKey));
    expect(Buffer.from(vk.compressedPoint).equals(Buffer.from(compressedPublicKey))).toBe(true);
    const data = randomBytes(1000);
    const sign = (k: typeof sk): Uint8Array => {
      const s = backend.signer(k, hash);
      s.update(data.subarray(0, 10));
      s.update(data.subarray(10));
      return now(s.sign());
    };
    const verify = (sig: Uint8Array, d: Uint8Array = data): boolean => {
      const v = backend.verifier(vk, hash);
      v.update(d);
      return now(v.verify(sig));
    };
    expect(verify(sign(sk))).toBe(true);
    const pkcs8 = now(backend.exportSigningKey(sk));
    expect(verify(sign(now(backend.importSigningKey(curve, pkcs8))))).toBe(true);
    expect(() => backend.importSigningKey(curve === 'P-256' ? 'P-384' : 'P-256', pkcs8)).toThrow();
    expect(verify(sign(sk), randomBytes(1000))).toBe(false);
    expect(verify(randomBytes(8))).toBe(false);
    const off = Uint8Array.from(compressedPublicKey);
    off[off.length - 1]! ^= 1;
    // Flipping the last bit of x gives another x: a point of the curve or not, never the same key.
    let other: boolean;
    try {
      other = (() => {
        const v = backend.verifier(now(backend.importVerificationKey(curve, off)), hash);
        v.update(data);
        return now(v.verify(sign(sk)));
      })();
    } catch {
      other = false;
    }
    expect(other).toBe(false);
  });

  it('hkdf and hmac agree with RFC 5869 test case 1', () => {
    const ikm = Buffer.alloc(22, 0x0b);
    const salt = Buffer.from('000102030405060708090a0b0c', 'hex');
    const info = Buffer.from('f0f1f2f3f4f5f6f7f8f9', 'hex');
    const okm = '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865';
    expect(Buffer.from(now(backend.hkdf('sha256', ikm, salt, info, 42))).toString('hex')).toBe(okm);
    const prk = now(backend.hmac('sha256', salt, [ikm]));
    expect(Buffer.from(prk).toString('hex')).toBe('077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5');
  });
});
