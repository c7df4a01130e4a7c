// Sealings and openings over pieces (a large frame spread over input chunks), the addon on worker
// threads, and keys the program forgot to destroy.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { NativeAes } from '@envelope/crypto-native';
import { referenceSeal } from './helpers.js';

const aes = NativeAes.load();
const packageRoot = fileURLToPath(new URL('..', import.meta.url));

function cut(b: Buffer, sizes: readonly number[]): Buffer[] {
  const out: Buffer[] = [];
  let o = 0;
  for (const n of sizes) {
    out.push(b.subarray(o, o + n));
    o += n;
  }
  return out;
}

describe('sealing and opening in pieces', () => {
  it('equals node:crypto for pieces of odd sizes, while batches under the same key go on between them', () => {
    const raw = randomBytes(32);
    const key = aes.importAesKey(raw);
    const iv = randomBytes(12);
    const aad = randomBytes(44);
    const plain = randomBytes(70_001);
    const pieces = cut(plain, [1, 15, 4096, 0, 65_536, 353]);
    const sealing = aes.sealing(key, iv, aad, 16);
    const ct = pieces.map((p) => {
      const c = sealing.update(p)!;
      aes.seal(key, randomBytes(12), aad, randomBytes(100), 16); // the key's own context is used meanwhile
      return c;
    });
    const { ciphertext, tag } = sealing.final();
    const sealed = Buffer.concat([...ct, ...ciphertext, tag]);
    expect(sealed.equals(referenceSeal(raw, iv, aad, plain))).toBe(true);

    const opening = aes.opening(key, iv, aad, 16);
    for (const c of cut(sealed.subarray(0, plain.length), [7, 9, 70_000 - 16, 1])) expect(opening.update(c)).toBeUndefined();
    expect(Buffer.concat(opening.final(sealed.subarray(plain.length)) as Buffer[]).equals(plain)).toBe(true);
  });

  it('a bad tag: final throws and hands out nothing; the opening cannot be used again', () => {
    const key = aes.importAesKey(randomBytes(16));
    const iv = randomBytes(12);
    const { ciphertext, tag } = aes.seal(key, iv, new Uint8Array(0), randomBytes(5000), 16);
    const opening = aes.opening(key, iv, new Uint8Array(0), 16);
    opening.update(ciphertext);
    const bad = Buffer.from(tag);
    bad[15]! ^= 1;
    expect(() => opening.final(bad)).toThrow(/did not verify/);
    expect(() => opening.update(ciphertext)).toThrow(/finished/);
    const short = aes.opening(key, iv, new Uint8Array(0), 16);
    short.update(ciphertext);
    expect(() => short.final(tag.subarray(0, 12))).toThrow(/did not verify/);
  });

  it('discard ends an opening; a finished sealing refuses more', () => {
    const key = aes.importAesKey(randomBytes(16));
    const opening = aes.opening(key, randomBytes(12), new Uint8Array(0), 16);
    opening.update(randomBytes(100));
    opening.discard();
    opening.discard();
    expect(() => opening.update(randomBytes(1))).toThrow(/finished/);
    const sealing = aes.sealing(key, randomBytes(12), new Uint8Array(0), 16);
    sealing.final();
    expect(() => sealing.final()).toThrow(/finished/);
  });
});

describe('in other threads and processes', () => {
  it('loads and runs on worker threads beside the main thread (and workers ending with keys alive)', async () => {
    const raw = randomBytes(32);
    const iv = randomBytes(12);
    const plain = randomBytes(10_000);
    const source = `
      const { parentPort, workerData } = require('node:worker_threads');
      const { NativeAes } = require(${JSON.stringify(packageRoot)});
      const aes = NativeAes.load();
      const key = aes.importAesKey(workerData.raw);
      for (let i = 0; i < 200; i++) aes.importAesKey(workerData.raw); // left for the thread's teardown
      const { ciphertext, tag } = aes.seal(key, workerData.iv, new Uint8Array(0), workerData.plain, 16);
      parentPort.postMessage(Buffer.concat([ciphertext, tag]));
    `;
    const results = await Promise.all(
      [0, 1, 2, 3].map(
        () =>
          new Promise<Buffer>((resolve, reject) => {
            const w = new Worker(source, { eval: true, workerData: { raw, iv, plain } });
            w.once('message', (m: Uint8Array) => resolve(Buffer.from(m)));
            w.once('error', reject);
          }),
      ),
    );
    const expected = referenceSeal(raw, iv, new Uint8Array(0), plain);
    for (const r of results) expect(r.equals(expected)).toBe(true);
  });

  it('keys and operations never destroyed are freed by the garbage collector (a process makes 200,000; its memory stays flat)', () => {
    const r = spawnSync(
      process.execPath,
      [
        '--expose-gc',
        '-e',
        `
        const { NativeAes } = require(${JSON.stringify(packageRoot)});
        const aes = NativeAes.load();
        const raw = Buffer.alloc(32, 7);
        const rss = [];
        (async () => {
          for (let round = 0; round < 8; round++) {
            for (let i = 0; i < 25000; i++) { const k = aes.importAesKey(raw); if (i % 10 === 0) aes.opening(k, Buffer.alloc(12), Buffer.alloc(0), 16); }
            global.gc();
            await new Promise(setImmediate); // Node-API runs the finalizers after the collection
            rss.push(process.memoryUsage().rss / 2 ** 20);
          }
          console.log(JSON.stringify({ first: rss[1], last: rss[7] }));
        })();
      `,
      ],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    const { first, last } = JSON.parse(r.stdout) as { first: number; last: number };
    // Each round's 25,000 contexts take ~45 MiB: kept, six more rounds would add ~270 MiB.
    expect(last - first).toBeLessThan(40);
  });
});
