import { describe, expect, it } from 'vitest';
import { Readable, Writable, PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { encrypt, decrypt, encryptStream, decryptStream, SUITE_IDS, AuthenticationError, SignatureError, LimitExceededError, TruncatedMessageError, type MessageHeader } from '@envelope/core';
import { fixedKeyring, policyFor, random, randomChunks, readPolicy } from './helpers.js';

async function run(chunks: Buffer[], t: NodeJS.ReadWriteStream): Promise<{ out: Buffer; pieces: Buffer[] }> {
  const pieces: Buffer[] = [];
  await pipeline(Readable.from(chunks), t, new Writable({ write(c: Buffer, _e, cb) { pieces.push(c); cb(); } }));
  return { out: Buffer.concat(pieces), pieces };
}

describe('streams', () => {
  for (const suiteId of SUITE_IDS) {
    it(`suite 0x${suiteId.toString(16).padStart(4, '0')}: random chunking across frame boundaries, both ways, and with the buffer API`, async () => {
      const k = fixedKeyring();
      for (const frameLength of [0, 100]) {
        for (const size of [0, 1, 99, 100, 101, 1234]) {
          const pt = random(size);
          const opts = { suiteId, frameLength, commitmentPolicy: policyFor(suiteId) } as const;
          const { out: ct } = await run(randomChunks(pt, 350), encryptStream(k, opts));
          expect(Buffer.from((await decrypt(k, ct, { commitmentPolicy: readPolicy })).plaintext).equals(pt)).toBe(true);
          const { out } = await run(randomChunks(ct, 350), decryptStream(k, { commitmentPolicy: readPolicy }));
          expect(out.equals(pt)).toBe(true);
          const buf = (await encrypt(k, pt, opts)).ciphertext;
          expect((await run(randomChunks(Buffer.from(buf), 350), decryptStream(k, { commitmentPolicy: readPolicy }))).out.equals(pt)).toBe(true);
        }
      }
    });
  }

  it('large frames (decrypted piecewise from the input chunks) round-trip and fail whole when tampered', async () => {
    const k = fixedKeyring();
    for (const suiteId of [0x0478, 0x0578]) {
      const pt = random(300_000);
      const { ciphertext } = await encrypt(k, pt, { suiteId, frameLength: 70_000 });
      const ct = Buffer.from(ciphertext);
      // encryptStream with large frames works from views of the input chunks; sizes at the boundary too.
      for (const size of [0, 1, 69_999, 70_000, 70_001, 300_000]) {
        const p = pt.subarray(0, size);
        const { out: streamed } = await run(randomChunks(p, 30_000), encryptStream(k, { suiteId, frameLength: 70_000 }));
        expect(Buffer.from((await decrypt(k, streamed)).plaintext).equals(p)).toBe(true);
      }
      expect((await run(randomChunks(ct, 9000), decryptStream(k))).out.equals(pt)).toBe(true);
      expect((await run([ct], decryptStream(k))).out.equals(pt)).toBe(true);
      const t = Buffer.from(ct);
      t[t.length - 150_000]! ^= 1;
      const got: Buffer[] = [];
      const err = await pipeline(Readable.from(randomChunks(t, 9000)), decryptStream(k), new Writable({ write(c: Buffer, _e, cb) { got.push(c); cb(); } })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AuthenticationError);
      expect(Buffer.concat(got).length % 70_000).toBe(0);
    }
  });

  it('an encrypting stream fed from memory lets the event loop turn while it runs (immediates run before its end)', async () => {
    const k = fixedKeyring();
    const pt = random(16 * 1024 * 1024);
    const chunks: Buffer[] = [];
    for (let o = 0; o < pt.length; o += 65536) chunks.push(pt.subarray(o, o + 65536));
    let turns = 0;
    let on = true;
    const tick = (): void => {
      turns++;
      if (on) setImmediate(tick);
    };
    setImmediate(tick);
    let atEnd = -1;
    const t = encryptStream(k, { suiteId: 0x0478, frameLength: 4096, commitmentPolicy: policyFor(0x0478) });
    t.on('end', () => (atEnd = turns));
    const { out } = await run(chunks, t);
    on = false;
    // Every 4 MiB the stream waits for a turn: at least three in 16 MiB (before, none ran until its end).
    expect(atEnd).toBeGreaterThanOrEqual(3);
    expect(Buffer.from((await decrypt(k, out, { commitmentPolicy: readPolicy })).plaintext).equals(pt)).toBe(true);
  });

  it("emits 'header' once, after the header is authenticated, before any plaintext", async () => {
    const k = fixedKeyring();
    const { ciphertext } = await encrypt(k, random(1000), { suiteId: 0x0478, frameLength: 100, encryptionContext: { a: 'b' } });
    const events: string[] = [];
    const d = decryptStream(k);
    d.on('header', (h: MessageHeader) => events.push(`header ${h.encryptionContext['a']}`));
    d.on('data', () => events.push('data'));
    await pipeline(Readable.from(randomChunks(Buffer.from(ciphertext), 30)), d, new PassThrough().resume());
    expect(events[0]).toBe('header b');
    expect(events.filter((e) => e.startsWith('header'))).toHaveLength(1);
    expect(events.length).toBeGreaterThan(1);
  });

  it('a tampered frame in the middle stops the stream with a typed error and none of its bytes', async () => {
    const k = fixedKeyring();
    const pt = random(1000);
    const { ciphertext } = await encrypt(k, pt, { suiteId: 0x0478, frameLength: 100 });
    const t = Buffer.from(ciphertext);
    t[t.length - 500]! ^= 1; // inside a middle frame
    const got: Buffer[] = [];
    const err = await pipeline(Readable.from([t]), decryptStream(k), new Writable({ write(c: Buffer, _e, cb) { got.push(c); cb(); } })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    const emitted = Buffer.concat(got);
    expect(emitted.length % 100).toBe(0); // whole verified frames only
    expect(emitted.length).toBeLessThan(1000);
    expect(pt.subarray(0, emitted.length).equals(emitted)).toBe(true);
  });

  it('4 KiB frames in 64 KiB writes (frames opened without a promise past the header): a tampered frame in a later write stops the stream after the verified frames before it', async () => {
    const k = fixedKeyring();
    for (const suiteId of [0x0478, 0x0578]) {
      const pt = random(300_000);
      const ct = Buffer.from((await encrypt(k, pt, { suiteId, frameLength: 4096 })).ciphertext);
      const chunks = (b: Buffer): Buffer[] => Array.from({ length: Math.ceil(b.length / 65536) }, (_, i) => b.subarray(i * 65536, (i + 1) * 65536));
      expect((await run(chunks(ct), decryptStream(k))).out.equals(pt)).toBe(true);
      const t = Buffer.from(ct);
      t[200_000]! ^= 1; // in the fourth write, inside a frame
      const got: Buffer[] = [];
      const err = await pipeline(Readable.from(chunks(t)), decryptStream(k), new Writable({ write(c: Buffer, _e, cb) { got.push(c); cb(); } })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AuthenticationError);
      const emitted = Buffer.concat(got);
      expect(emitted.length % 4096).toBe(0);
      expect(emitted.length).toBeGreaterThan(150_000);
      expect(emitted.length).toBeLessThan(200_000);
      expect(pt.subarray(0, emitted.length).equals(emitted)).toBe(true);
    }
  });

  it('signed suites: a bad footer signature ends the stream with SignatureError', async () => {
    const k = fixedKeyring();
    const { ciphertext } = await encrypt(k, random(300), { suiteId: 0x0578, frameLength: 100 });
    const t = Buffer.from(ciphertext);
    t[t.length - 3]! ^= 1;
    await expect(run([t], decryptStream(k))).rejects.toBeInstanceOf(SignatureError);
    await expect(run([Buffer.from(ciphertext).subarray(0, ciphertext.length - 10)], decryptStream(k))).rejects.toBeInstanceOf(TruncatedMessageError);
  });

  it('non-framed messages are buffered up to maxBodySize, then refused', async () => {
    const k = fixedKeyring();
    const { ciphertext } = await encrypt(k, random(5000), { suiteId: 0x0478, frameLength: 0 });
    await expect(run([Buffer.from(ciphertext)], decryptStream(k, { maxBodySize: 4096 }))).rejects.toBeInstanceOf(LimitExceededError);
    expect((await run([Buffer.from(ciphertext)], decryptStream(k, { maxBodySize: 8192 }))).out.length).toBe(5000);
    await expect(run([random(5000)], encryptStream(k, { suiteId: 0x0478, frameLength: 0, maxBodySize: 4096 }))).rejects.toBeInstanceOf(LimitExceededError);
  });

  it('backpressure: a paused consumer stops the producer; buffered data stays bounded', async () => {
    const k = fixedKeyring();
    const frame = 4096;
    let produced = 0;
    const source = new Readable({
      read() {
        if (produced >= 64 * 1024 * 1024) return this.push(null);
        produced += 65536;
        this.push(Buffer.alloc(65536, 7));
      },
    });
    const enc = encryptStream(k, { suiteId: 0x0478, frameLength: frame });
    source.pipe(enc); // nobody reads enc
    await new Promise((r) => setTimeout(r, 300));
    const buffered = enc.readableLength + enc.writableLength + source.readableLength;
    expect(produced).toBeLessThan(2 * 1024 * 1024);
    expect(buffered).toBeLessThan(1024 * 1024);
    source.destroy();
    enc.destroy();
  });
});
