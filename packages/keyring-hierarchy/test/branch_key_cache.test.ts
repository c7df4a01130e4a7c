import { describe, expect, it } from 'vitest';
import { BranchKeyCache } from '../src/branch_key_cache.js';
import type { BranchKeyMaterials } from '../src/branch_key_reads.js';

function materials(fill: number): BranchKeyMaterials {
  return { branchKeyId: 'b', version: '', versionBytes: new Uint8Array(0), key: Buffer.alloc(32, fill), encryptionContext: {}, kmsArn: 'arn', createTime: 't', region: 'r' };
}

function loader(fill = 1, delayMs = 5): { load: () => Promise<BranchKeyMaterials>; count: () => number; made: BranchKeyMaterials[] } {
  let n = 0;
  const made: BranchKeyMaterials[] = [];
  return {
    load: async () => {
      n++;
      await new Promise((r) => setTimeout(r, delayMs));
      const m = materials(fill);
      made.push(m);
      return m;
    },
    count: () => n,
    made,
  };
}

const firstByte = (m: BranchKeyMaterials): number => m.key[0]!;

describe('BranchKeyCache', () => {
  it('single flight: 100 concurrent misses wait for one load, and every caller sees the live key', async () => {
    const cache = new BranchKeyCache({ ttlMs: 60_000 });
    const l = loader(7);
    const seen = await Promise.all(Array.from({ length: 100 }, () => cache.use('a', l.load, firstByte)));
    expect(l.count()).toBe(1);
    expect(new Set(seen)).toEqual(new Set([7]));
    expect(cache.stats).toMatchObject({ misses: 1, hits: 0 });
    await cache.use('a', l.load, firstByte);
    expect(l.count()).toBe(1);
    expect(cache.stats.hits).toBe(1);
  });

  it('an expired entry is loaded again and the old key is wiped', async () => {
    let now = 0;
    const cache = new BranchKeyCache({ ttlMs: 1000, now: () => now });
    const l = loader(3);
    await cache.use('a', l.load, firstByte);
    now = 999;
    await cache.use('a', l.load, firstByte);
    expect(l.count()).toBe(1);
    now = 1000;
    expect(await cache.use('a', l.load, firstByte)).toBe(3);
    expect(l.count()).toBe(2);
    expect(l.made[0]!.key.every((b) => b === 0)).toBe(true);
  });

  it('evicts the least recently used entry beyond maxSize and wipes its key', async () => {
    const cache = new BranchKeyCache({ ttlMs: 60_000, maxSize: 2 });
    const a = loader(1);
    const b = loader(2);
    const c = loader(3);
    await cache.use('a', a.load, firstByte);
    await cache.use('b', b.load, firstByte);
    await cache.use('a', a.load, firstByte); // a is now the most recent
    await cache.use('c', c.load, firstByte);
    expect(b.made[0]!.key.every((x) => x === 0)).toBe(true);
    expect(a.made[0]!.key[0]).toBe(1);
    expect(cache.stats.size).toBe(2);
  });

  it('a caller whose key was evicted before its turn loads again instead of using a wiped key', async () => {
    const cache = new BranchKeyCache({ ttlMs: 60_000, maxSize: 1 });
    const a = loader(1, 1);
    const b = loader(2, 1);
    // Both loads finish in the same turn; the second evicts the first before a's callers run.
    const results = await Promise.all([cache.use('a', a.load, firstByte), cache.use('b', b.load, firstByte), cache.use('a', a.load, firstByte)]);
    expect(results).toEqual([1, 2, 1]);
  });

  it('a failed load is not cached; the next call tries again', async () => {
    const cache = new BranchKeyCache({ ttlMs: 60_000 });
    let n = 0;
    const load = async (): Promise<BranchKeyMaterials> => {
      if (n++ === 0) throw new Error('region down');
      return materials(4);
    };
    await expect(cache.use('a', load, firstByte)).rejects.toThrow('region down');
    expect(await cache.use('a', load, firstByte)).toBe(4);
  });

  it('maxSize 0 keeps nothing: each use loads and the key is wiped after it', async () => {
    const cache = new BranchKeyCache({ ttlMs: 60_000, maxSize: 0 });
    const l = loader(5);
    expect(await cache.use('a', l.load, firstByte)).toBe(5);
    expect(await cache.use('a', l.load, firstByte)).toBe(5);
    expect(l.count()).toBe(2);
    expect(l.made.every((m) => m.key.every((x) => x === 0))).toBe(true);
  });

  it('clear() wipes every key', async () => {
    const cache = new BranchKeyCache({ ttlMs: 60_000 });
    const l = loader(6);
    await cache.use('a', l.load, firstByte);
    cache.put('v', materials(8));
    cache.clear();
    expect(l.made[0]!.key.every((x) => x === 0)).toBe(true);
    expect(cache.stats.size).toBe(0);
  });
});
