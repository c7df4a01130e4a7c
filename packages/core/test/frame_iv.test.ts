// A body part whose IV is not its sequence number (big-endian, left-padded with zeros) is refused
// with MalformedMessageError on every path, even with a tag that verifies under the right key and
// the right AAD (made here by re-sealing the part under another IV). Without the check the part is
// accepted: GCM itself does not bind an IV to the AAD's sequence number.
import { describe, expect, it } from 'vitest';
import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { Transform } from 'node:stream';
import { decrypt, decryptStream, encrypt, findSuite, parseHeader, rewrap, rewrapStream, MalformedMessageError, type Keyring } from '@envelope/core';
import { backend } from '#crypto-backend';
import { deriveMessageKeys } from '../src/crypto/kdf.js';
import { now } from '../src/crypto/maybe.js';
import { fixedKeyring, policyFor, random, readPolicy, streamed } from './helpers.js';

const k = fixedKeyring('iv', 3);
const LABEL = { frame: 'Frame', final: 'Final Frame', single: 'Single Block' } as const;

interface Part { kind: 'frame' | 'final' | 'single'; seq: number; ivAt: number; ctAt: number; length: number }

/** The body parts of a message, where their IV and content are. */
function partsOf(c: Buffer): Part[] {
  const { header, headerLength } = parseHeader(c)!;
  const out: Part[] = [];
  let o = headerLength;
  if (header.contentType === 'non-framed') {
    const length = Number(c.readBigUInt64BE(o + 12));
    return [{ kind: 'single', seq: 1, ivAt: o, ctAt: o + 20, length }];
  }
  for (;;) {
    if (c.readUInt32BE(o) !== 0xffffffff) {
      out.push({ kind: 'frame', seq: c.readUInt32BE(o), ivAt: o + 4, ctAt: o + 16, length: header.frameLength });
      o += 16 + header.frameLength + 16;
      continue;
    }
    const length = c.readUInt32BE(o + 20);
    out.push({ kind: 'final', seq: c.readUInt32BE(o + 4), ivAt: o + 8, ctAt: o + 24, length });
    return out;
  }
}

/** Re-seals part `index` under IV `iv` with the right key and AAD: its tag verifies, its IV is wrong. */
function withIv(message: Uint8Array, index: number, iv: Buffer): Buffer {
  const c = Buffer.from(message);
  const { header } = parseHeader(c)!;
  const suite = findSuite(header.suiteId)!;
  const messageId = Buffer.from(header.messageId);
  const key = now(backend.exportAesKey(now(deriveMessageKeys(suite, new Uint8Array(suite.keyLength).fill(3), messageId)).key));
  const p = partsOf(c)[index]!;
  const tail = Buffer.alloc(12);
  tail.writeUInt32BE(p.seq, 0);
  tail.writeBigUInt64BE(BigInt(p.length), 4);
  const aad = Buffer.concat([messageId, Buffer.from(`AWSKMSEncryptionClient ${LABEL[p.kind]}`), tail]);
  const ct = c.subarray(p.ctAt, p.ctAt + p.length);
  const tag = c.subarray(p.ctAt + p.length, p.ctAt + p.length + 16);
  const d = createDecipheriv(suite.cipher, key, c.subarray(p.ivAt, p.ivAt + 12)).setAAD(aad).setAuthTag(tag);
  const pt = Buffer.concat([d.update(ct), d.final()]);
  const e = createCipheriv(suite.cipher, key, iv).setAAD(aad);
  Buffer.concat([e.update(pt), e.final()]).copy(ct);
  e.getAuthTag().copy(tag);
  iv.copy(c, p.ivAt);
  // The forged part is a valid GCM encryption under the right key and AAD, with its new IV.
  const check = createDecipheriv(suite.cipher, key, iv).setAAD(aad).setAuthTag(tag);
  expect(Buffer.concat([check.update(ct), check.final()]).equals(pt)).toBe(true);
  return c;
}

const ivOf = (n: number, at = 11): Buffer => {
  const iv = Buffer.alloc(12);
  iv[at] = n;
  return iv;
};


/** `input` through `t` in writes of `chunk` bytes. */
const streamedBytes = (input: Buffer, t: Transform, chunk = 100_000): Promise<{ out: Buffer; error: unknown }> => streamed(Array.from({ length: Math.ceil(input.length / chunk) }, (_, i) => input.subarray(i * chunk, (i + 1) * chunk)), t);

const refused = (e: unknown) => e instanceof MalformedMessageError && /IV is not its sequence number/.test(e.message);

describe('frame IVs bound to sequence numbers', () => {
  for (const suiteId of [0x0478, 0x0178]) {
    const commitmentPolicy = policyFor(suiteId);
    it(`0x${suiteId.toString(16).padStart(4, '0')} buffers: a regular frame, the final frame, a non-framed body with another IV are refused; the untouched message opens`, async () => {
      const pt = random(10 * 256 + 17);
      const m = Buffer.from((await encrypt(k, pt, { suiteId, frameLength: 256, commitmentPolicy })).ciphertext);
      expect(Buffer.from((await decrypt(k, m, { commitmentPolicy: readPolicy })).plaintext).equals(pt)).toBe(true);
      // Frame 3 under frame 4's IV (a reorder's first step), under its own number in a high byte, and the final frame under IV 0.
      for (const bad of [withIv(m, 2, ivOf(4)), withIv(m, 2, ivOf(3, 0)), withIv(m, 10, ivOf(0))]) {
        await expect(decrypt(k, bad, { commitmentPolicy: readPolicy })).rejects.toSatisfy(refused);
      }
      const single = Buffer.from((await encrypt(k, pt, { suiteId, frameLength: 0, commitmentPolicy })).ciphertext);
      await expect(decrypt(k, withIv(single, 0, ivOf(2)), { commitmentPolicy: readPolicy })).rejects.toSatisfy(refused);
      expect((await decrypt(k, withIv(single, 0, ivOf(1)), { commitmentPolicy: readPolicy })).plaintext.length).toBe(pt.length);
    });
  }

  it('streams on one thread, small and large (64 KiB) frames: refused, and only the frames before it are released', async () => {
    for (const frameLength of [256, 64 * 1024]) {
      const pt = random(6 * frameLength + 5);
      const m = Buffer.from((await encrypt(k, pt, { suiteId: 0x0478, frameLength })).ciphertext);
      const { out, error } = await streamedBytes(withIv(m, 3, ivOf(5)), decryptStream(k), 10_000);
      expect(error).toSatisfy(refused);
      expect(out.equals(pt.subarray(0, 3 * frameLength))).toBe(true);
    }
  });

  it('streams with concurrency 2 (frames opened on worker threads and on the calling thread): refused mid-batch, the frames before it released', async () => {
    const pt = random(4000 * 256);
    const m = Buffer.from((await encrypt(k, pt, { suiteId: 0x0478, frameLength: 256 })).ciphertext);
    for (const index of [1499, 10, 3000]) {
      const { out, error } = await streamedBytes(withIv(m, index, ivOf(7, 2)), decryptStream(k, { concurrency: 2 }));
      expect(error).toSatisfy(refused);
      expect(out.equals(pt.subarray(0, index * 256))).toBe(true);
    }
    const whole = await streamedBytes(m, decryptStream(k, { concurrency: 2 }));
    expect(whole.error).toBeUndefined();
    expect(whole.out.equals(pt)).toBe(true);
  });

  it('rewrap and rewrapStream refuse it too, with nothing wrapped by `to`', async () => {
    const m = Buffer.from((await encrypt(k, random(5000), { suiteId: 0x0478, frameLength: 512 })).ciphertext);
    const bad = withIv(m, 4, ivOf(6));
    let wraps = 0;
    const edk = { providerId: 'to', providerInfo: new Uint8Array(1), ciphertext: new Uint8Array(1) };
    const to: Keyring = { onEncrypt: async (x) => (wraps++, { ...x, encryptedDataKeys: [...x.encryptedDataKeys, edk] }), onDecrypt: async (x) => x };
    await expect(rewrap(bad, { from: k, to })).rejects.toSatisfy(refused);
    expect(wraps).toBe(0);
    const { error } = await streamedBytes(bad, rewrapStream({ from: k, to }), 1000);
    expect(error).toSatisfy(refused);
  });
});
