/**
 * The WebCrypto/@noble backend in a real Chromium, each primitive checked against node:crypto in
 * Node: same bytes for AES-GCM (all three key sizes: Chromium's WebCrypto lacks 192-bit keys, so
 * that one runs on @noble/ciphers), hashes, HMAC and HKDF; ECDSA signatures verified both ways.
 */
import { ECDH, createCipheriv, createHash, createHmac, createPrivateKey, createPublicKey, createSign, createVerify, generateKeyPairSync, hkdfSync, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestPage, type TestPage } from './harness/chromium.js';

const PAGE = new URL('./pages/backend_page.ts', import.meta.url).pathname;
let t: TestPage;

beforeAll(async () => {
  t = await openTestPage(PAGE);
});
afterAll(async () => {
  await t?.close();
});

const u8 = (b: Buffer | Uint8Array): Uint8Array => new Uint8Array(b);
const GCM = { 16: 'aes-128-gcm', 24: 'aes-192-gcm', 32: 'aes-256-gcm' } as const;

function nodeSeal(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, pt: Uint8Array): { ciphertext: Uint8Array; tag: Uint8Array } {
  const c = createCipheriv(GCM[key.length as 16 | 24 | 32], key, iv);
  c.setAAD(aad);
  const ciphertext = u8(Buffer.concat([c.update(pt), c.final()]));
  return { ciphertext, tag: u8(c.getAuthTag()) };
}

/** An SPKI KeyObject of a compressed point (node:crypto reads uncompressed JWK coordinates). */
function publicKeyOf(curve: 'P-256' | 'P-384', point: Uint8Array) {
  const uncompressed = ECDH.convertKey(point, curve === 'P-256' ? 'prime256v1' : 'secp384r1', undefined, undefined, 'uncompressed') as Buffer;
  const n = curve === 'P-256' ? 32 : 48;
  const b64 = (b: Buffer) => b.toString('base64url');
  return createPublicKey({ key: { kty: 'EC', crv: curve, x: b64(uncompressed.subarray(1, 1 + n)), y: b64(uncompressed.subarray(1 + n)) }, format: 'jwk' });
}

describe('the WebCrypto backend in Chromium', () => {
  it('is the webcrypto backend', async () => {
    expect(await t.call('name')).toBe('webcrypto');
    const r = await t.call<Uint8Array>('random', 70_000);
    expect(r.length).toBe(70_000);
    expect(r.subarray(65_536).some((x) => x !== 0)).toBe(true); // the second getRandomValues call filled its part
  });

  for (const n of [16, 24, 32] as const) {
    it(`seals and opens AES-${n * 8}-GCM with node:crypto's bytes`, async () => {
      const key = u8(randomBytes(n));
      const iv = u8(randomBytes(12));
      const aad = u8(randomBytes(40));
      const pt = u8(randomBytes(1000));
      const want = nodeSeal(key, iv, aad, pt);
      const got = await t.call<{ ciphertext: Uint8Array; tag: Uint8Array }>('seal', key, iv, aad, pt);
      expect(got.ciphertext).toEqual(want.ciphertext);
      expect(got.tag).toEqual(want.tag);
      expect(await t.call('open', key, iv, aad, want.ciphertext, want.tag)).toEqual(pt);
      const bad = Uint8Array.from(want.tag);
      bad[3]! ^= 0x10;
      expect(await t.call('open', key, iv, aad, want.ciphertext, bad)).toMatch(/^error: /);
      const empty = nodeSeal(key, iv, aad, new Uint8Array(0));
      expect(await t.call('seal', key, iv, aad, new Uint8Array(0))).toEqual(empty);
    });

    it(`seals and opens AES-${n * 8}-GCM in pieces, plaintext only after the tag`, async () => {
      const key = u8(randomBytes(n));
      const iv = u8(randomBytes(12));
      const aad = u8(randomBytes(7));
      const pieces = [u8(randomBytes(5)), u8(randomBytes(3000)), new Uint8Array(0), u8(randomBytes(17))];
      const want = nodeSeal(key, iv, aad, Buffer.concat(pieces));
      const got = await t.call<{ ciphertext: Uint8Array[]; tag: Uint8Array }>('sealPieces', key, iv, aad, pieces);
      expect(u8(Buffer.concat(got.ciphertext))).toEqual(want.ciphertext);
      expect(got.tag).toEqual(want.tag);
      const ctPieces = [want.ciphertext.subarray(0, 1000), want.ciphertext.subarray(1000)];
      const opened = await t.call<Uint8Array[]>('openPieces', key, iv, aad, ctPieces, want.tag);
      expect(u8(Buffer.concat(opened))).toEqual(u8(Buffer.concat(pieces)));
      const bad = Uint8Array.from(want.tag);
      bad[0]! ^= 1;
      expect(await t.call('openPieces', key, iv, aad, ctPieces, bad)).toMatch(/^error: /);
    });

    it(`runs AES-${n * 8}-GCM batches in place and stops at the first bad tag`, async () => {
      const key = u8(randomBytes(n));
      const frames = [u8(randomBytes(100)), u8(randomBytes(4096)), new Uint8Array(0), u8(randomBytes(33))];
      const r = await t.call<{ ivs: Uint8Array; sealed: Uint8Array; opened: number; after: Uint8Array }>('batch', key, frames, 1);
      let o = 0;
      frames.forEach((f, i) => {
        const want = nodeSeal(key, r.ivs.subarray(12 * i, 12 * i + 12), new TextEncoder().encode('aad'), f);
        expect(r.sealed.subarray(o, o + f.length + 16)).toEqual(u8(Buffer.concat([want.ciphertext, want.tag])));
        o += f.length + 16;
      });
      expect(r.opened).toBe(1);
      expect(r.after.subarray(0, 100)).toEqual(frames[0]); // before the bad frame: opened
      expect(r.after.subarray(116)).toEqual(r.sealed.subarray(116).map((x, i) => (i === 0 ? x ^ 1 : x))); // from it on: untouched
      const clean = await t.call<{ opened: number; after: Uint8Array; sealed: Uint8Array }>('batch', key, frames, -1);
      expect(clean.opened).toBe(4);
      expect(clean.after.subarray(116, 116 + 4096)).toEqual(frames[1]);
    });
  }

  it('hashes, HMACs and derives keys as node:crypto does', async () => {
    const pieces = [u8(randomBytes(10)), u8(randomBytes(1000)), new Uint8Array(0), u8(randomBytes(129))];
    for (const h of ['sha256', 'sha384', 'sha512'] as const) {
      expect(await t.call('hash', h, pieces)).toEqual(u8(createHash(h).update(Buffer.concat(pieces)).digest()));
      const key = u8(randomBytes(32));
      expect(await t.call('hmac', h, key, pieces)).toEqual(u8(createHmac(h, key).update(Buffer.concat(pieces)).digest()));
      const ikm = u8(randomBytes(32));
      const info = u8(randomBytes(20));
      for (const salt of [new Uint8Array(0), u8(randomBytes(32))]) {
        expect(await t.call('hkdf', h, ikm, salt, info, 32)).toEqual(u8(hkdfSync(h, ikm, salt, info, 32)));
      }
    }
  });

  for (const [curve, hash] of [['P-256', 'sha256'], ['P-384', 'sha384']] as const) {
    it(`signs ${curve} over an incremental ${hash} that node:crypto verifies, and verifies node:crypto's`, async () => {
      const pieces = [u8(randomBytes(300)), u8(randomBytes(70_000)), u8(randomBytes(1))];
      const data = Buffer.concat(pieces);
      const s = await t.call<{ compressedPublicKey: Uint8Array; signature: Uint8Array; pkcs8: Uint8Array }>('sign', curve, hash, pieces);
      expect(s.compressedPublicKey.length).toBe(curve === 'P-256' ? 33 : 49);
      expect(createVerify(hash).update(data).verify(publicKeyOf(curve, s.compressedPublicKey), s.signature)).toBe(true);
      // The exported key is the same key for node:crypto.
      const priv = createPrivateKey({ key: Buffer.from(s.pkcs8), format: 'der', type: 'pkcs8' });
      expect(createVerify(hash).update(data).verify(publicKeyOf(curve, s.compressedPublicKey), createSign(hash).update(data).sign(priv))).toBe(true);
      // node:crypto's signatures (OpenSSL does not normalize s) verify in the page; a changed byte does not.
      const pair = generateKeyPairSync('ec', { namedCurve: curve });
      const jwk = pair.publicKey.export({ format: 'jwk' });
      const y = Buffer.from(jwk.y!, 'base64url');
      const compressed = u8(Buffer.concat([Buffer.of(2 + (y[y.length - 1]! & 1)), Buffer.from(jwk.x!, 'base64url')]));
      for (let i = 0; i < 8; i++) {
        const sig = u8(createSign(hash).update(data).sign(pair.privateKey));
        expect(await t.call('verify', curve, hash, compressed, pieces, sig)).toBe(true);
      }
      const sig = u8(createSign(hash).update(data).sign(pair.privateKey));
      expect(await t.call('verify', curve, hash, compressed, [...pieces, Uint8Array.of(0)], sig)).toBe(false);
      expect(await t.call('verify', curve, hash, compressed, pieces, sig.subarray(0, sig.length - 1))).toBe(false);
      const notAPoint = Uint8Array.from(compressed);
      notAPoint[0] = 4;
      expect(await t.call('verify', curve, hash, notAPoint, pieces, sig)).toMatch(/^error: /);
      // node:crypto's PKCS#8 imports in the page.
      const der = u8(pair.privateKey.export({ format: 'der', type: 'pkcs8' }));
      const mine = await t.call<Uint8Array>('signWithImported', curve, der, u8(data));
      expect(createVerify(hash).update(data).verify(pair.publicKey, mine)).toBe(true);
    });
  }

  it('compares in constant time', async () => {
    expect(await t.call('equal', Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(await t.call('equal', Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(await t.call('equal', Uint8Array.of(1, 2), Uint8Array.of(1, 2, 3))).toBe(false);
  });
});
