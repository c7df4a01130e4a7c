// Found by the fuzzer (its slowest-run column): decryptStream fed many small chunks into a large
// frame or a non-framed body took time quadratic in the chunk count (1 MiB in 16-byte chunks: 24 s),
// because ByteQueue.own() rescanned every queued chunk on each write and consume() shifted chunks off
// one at a time. These tests pin the linear cost and check the ownership bookkeeping against a model.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { encrypt, decryptStream, type DecryptionMaterials, type EncryptionMaterials, type Keyring } from '@envelope/core';
import { ByteQueue } from '../../src/internal/byte_queue.js';

describe('ByteQueue: linear cost', () => {
  it('own() after every push visits each chunk once', () => {
    const q = new ByteQueue();
    for (let i = 0; i < 20_000; i++) {
      q.push(Buffer.from([i & 0xff]));
      q.own();
    }
    expect(q.ownWork).toBe(20_000);
    expect(q.length).toBe(20_000);
  });

  it('matches a model under random push / own / peek / consume / slices, and owned bytes survive the caller reusing its buffers', () => {
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const q = new ByteQueue();
    let model = Buffer.alloc(0);
    const lent: Buffer[] = []; // the caller's buffers, pushed but not yet owned
    for (let step = 0; step < 5000; step++) {
      const op = rand(5);
      if (op === 0) {
        const b = randomBytes(1 + rand(40));
        q.push(b);
        lent.push(b);
        model = Buffer.concat([model, b]);
      } else if (op === 1) {
        q.own();
        for (const b of lent) b.fill(0xa5); // what a producer may do once its write callback ran
        lent.length = 0;
      } else if (op === 2 && model.length > 0) {
        const n = 1 + rand(Math.min(model.length, 120));
        expect(q.peek(n).equals(model.subarray(0, n))).toBe(true);
      } else if (op === 3 && model.length > 0) {
        const n = rand(model.length + 1);
        q.consume(n);
        model = model.subarray(n);
      } else if (op === 4 && model.length > 0) {
        const start = rand(model.length);
        const n = rand(model.length - start + 1);
        expect(Buffer.concat(q.slices(start, n)).equals(model.subarray(start, start + n))).toBe(true);
      }
      expect(q.length).toBe(model.length);
    }
    q.own();
    if (model.length > 0) expect(q.peek(model.length).equals(model)).toBe(true);
  });
});

/** A fixed-key keyring, so the test measures the stream alone. */
function fixedKeyring(): Keyring {
  const edk = { providerId: 'linear', providerInfo: new Uint8Array([1]), ciphertext: new Uint8Array([1]) };
  const key = (n: number): Uint8Array => new Uint8Array(n).fill(7);
  return {
    onEncrypt: async (m: EncryptionMaterials) => ({ ...m, plaintextDataKey: key(m.suite.keyLength), encryptedDataKeys: [edk] }),
    onDecrypt: async (m: DecryptionMaterials) => ({ ...m, plaintextDataKey: key(m.suite.keyLength) }),
  };
}

describe('decryptStream: many small chunks', () => {
  it('1 MiB non-framed and 1 MiB frames in 16-byte chunks decrypt (was 24 s each before the queue was made linear; the work-counting tests above pin it, this one the round trip)', async () => {
    const k = fixedKeyring();
    const pt = randomBytes(1024 * 1024);
    for (const frameLength of [0, 1024 * 1024]) {
      const m = Buffer.from((await encrypt(k, pt, { suiteId: 0x0478, frameLength })).ciphertext);
      const d = decryptStream(k);
      const out: Buffer[] = [];
      const done = new Promise<void>((resolve, reject) => {
        d.on('end', resolve);
        d.on('error', reject);
      });
      d.on('data', (c: Buffer) => out.push(c));
      for (let o = 0; o < m.length; o += 16) d.write(m.subarray(o, o + 16));
      d.end();
      await done;
      expect(Buffer.concat(out).equals(pt)).toBe(true);
    }
  });
});
