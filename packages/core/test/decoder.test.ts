import { describe, expect, it } from 'vitest';
import { AuthenticationError, encrypt, type EncryptedDataKey, type Keyring } from '@envelope/core';
import { MessageDecoder } from '../src/decoder.js';
import { toMaterialsManager } from '../src/managers/default_materials_manager.js';
import { fixedKeyring, random } from './helpers.js';

/** fixedKeyring plus `n` foreign EDKs of `size` bytes each: a header of about n × size bytes. */
function bigHeaderKeyring(n: number, size: number): Keyring {
  const k = fixedKeyring();
  const foreign: EncryptedDataKey[] = Array.from({ length: n }, (_, i) => ({ providerId: 'other', providerInfo: Buffer.from(`key-${i}`), ciphertext: random(size) }));
  return {
    onEncrypt: async (m) => {
      const r = await k.onEncrypt(m);
      return { ...r, encryptedDataKeys: [...r.encryptedDataKeys, ...foreign] };
    },
    onDecrypt: (m, edks) => k.onDecrypt(m, edks),
  };
}

describe('message decoder', () => {
  // Issue 14 item 5: the header used to be copied and parsed again from its first byte on every
  // chunk (a 1 MB header in 16-byte chunks took 12.8 s). Work is counted, not timed.
  it('reads a ~1 MB header fed in 16-byte chunks with work linear in its length', async () => {
    const k = bigHeaderKeyring(1000, 1000);
    const pt = random(5000);
    const { ciphertext } = await encrypt(k, pt);
    const headerLength = ciphertext.length - 5000 - 1000; // roughly: body and footer are small
    expect(headerLength).toBeGreaterThan(1_000_000);
    const decoder = new MessageDecoder(toMaterialsManager(k), {}, true);
    const out: Buffer[] = [];
    let chunks = 0;
    for (let o = 0; o < ciphertext.length; o += 16, chunks++) await decoder.write(Buffer.from(ciphertext.subarray(o, o + 16)), (p) => out.push(p));
    await decoder.end(() => undefined);
    expect(Buffer.concat(out).equals(pt)).toBe(true);
    const work = decoder.headerWork;
    // Each header byte is copied a bounded number of times (the buffer doubles), and the reader is
    // resumed at most once per chunk: re-parsing would be ~chunks × length / 2 ≈ 3·10^10.
    expect(work.copied).toBeLessThan(3 * ciphertext.length);
    expect(work.resumes).toBeLessThanOrEqual(chunks);
  }, 60_000);

  it('a whole message in one write is read in place, without copying the header', async () => {
    const k = fixedKeyring();
    const { ciphertext } = await encrypt(k, random(100));
    const decoder = new MessageDecoder(toMaterialsManager(k), {}, false);
    await decoder.write(Buffer.from(ciphertext), () => undefined);
    await decoder.end(() => undefined);
    expect(decoder.headerWork).toEqual({ copied: 0, resumes: 1 });
  });

  it("a stream's large frame is deciphered as it arrives, its plaintext released only once its tag verified, and no ciphertext kept", async () => {
    const k = fixedKeyring();
    const frame = 128 * 1024;
    const pt = random(3 * frame + 1000);
    const ct = Buffer.from((await encrypt(k, pt, { suiteId: 0x0578, frameLength: frame })).ciphertext);
    const decoder = new MessageDecoder(toMaterialsManager(k), {}, true);
    // The bytes its body opener holds (body/here/here_opener.ts reads through a BodyReader's queue).
    const held = (): number => (decoder as unknown as { opener?: { r: { q: { length: number } } } }).opener?.r.q.length ?? 0;
    const out: Buffer[] = [];
    let firstAt = -1;
    for (let o = 0; o < ct.length; o += 1000) {
      await decoder.write(Buffer.from(ct.subarray(o, o + 1000)), (p) => out.push(p));
      const released = out.reduce((n, p) => n + p.length, 0);
      if (released > 0 && firstAt < 0) firstAt = Math.min(o + 1000, ct.length);
      expect(released % frame === 0 || released === pt.length).toBe(true); // whole frames only
      // Held: a head, a tag, the 1000-byte final frame or the footer, never a frame's content.
      expect(held()).toBeLessThan(2000);
    }
    await decoder.end(() => undefined);
    expect(Buffer.concat(out).equals(pt)).toBe(true);
    // The first frame came out with the write that brought the last byte of its tag, not before.
    const firstEnd = decoder.header!.length + 16 + frame + 16;
    expect(firstAt).toBeGreaterThanOrEqual(firstEnd);
    expect(firstAt).toBeLessThan(firstEnd + 1000);
  });

  it('a tampered tag of a large frame in a stream: AuthenticationError, none of its plaintext', async () => {
    const k = fixedKeyring();
    const frame = 128 * 1024;
    const pt = random(2 * frame + 10);
    const ct = Buffer.from((await encrypt(k, pt, { suiteId: 0x0478, frameLength: frame })).ciphertext);
    ct[ct.length - (16 + 10 + 24) - 1]! ^= 1; // the last byte of the second frame's tag
    const decoder = new MessageDecoder(toMaterialsManager(k), {}, true);
    const out: Buffer[] = [];
    let err: unknown;
    try {
      for (let o = 0; o < ct.length; o += 5000) await decoder.write(Buffer.from(ct.subarray(o, o + 5000)), (p) => out.push(p));
    } catch (e) {
      err = e;
    }
    decoder.close();
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(Buffer.concat(out).equals(pt.subarray(0, frame))).toBe(true);
  });
});
