// A branch key store over two regions (a global table, a multi-region KMS key) on kms-local: reads go
// to the local region first and fall back to the other through core's decrypt runner and region
// health, so a region that is down or hangs costs one failure or one timeout, once.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decrypt, encrypt, RegionHealth } from '@envelope/core';
import { HierarchicalKeyring, type BranchKeyStore } from '../src/index.js';
import { fixture, tableName, type Fixture } from './helpers.js';

const REGIONS = ['us-east-1', 'eu-west-1'];
const [LOCAL, OTHER] = REGIONS as [string, string];
let f: Fixture;
let table: string;
let branchKeyId: string;
let message: Uint8Array;

const store = (o: Partial<ConstructorParameters<typeof RegionHealth>[0]> = {}, timeoutMs = 1500): BranchKeyStore =>
  f.store({ tableName: table, kmsKeyArn: f.mrk[LOCAL]!, regions: REGIONS, localRegion: LOCAL, timeoutMs, availability: new RegionHealth(o) });
const keyring = (s: BranchKeyStore): HierarchicalKeyring => new HierarchicalKeyring({ keyStore: s, branchKeyId, cacheTtlMs: 60_000 });
const figure = (label: string, value: unknown): void => console.log(`[figure] ${label}: ${JSON.stringify(value)}`);

beforeAll(async () => {
  f = await fixture(REGIONS, 50);
  table = tableName();
  const admin = store();
  await admin.createTable();
  await admin.createTable(); // idempotent with its replica too
  ({ branchKeyId } = await admin.createKey());
  ({ ciphertext: message } = await encrypt(keyring(admin), 'across regions', { encryptionContext: { app: 'mr' } }));
  // The replica receives writes after kms-local's replica delay.
  await new Promise((r) => setTimeout(r, 200));
});
afterAll(() => f.close());
beforeEach(() => {
  for (const r of REGIONS) f.local.setFault(r, { mode: 'none' });
  f.local.clearRequests();
});

describe('multi-region branch key store', () => {
  it('createTable made a global table: the key is readable in the other region alone', async () => {
    const there = f.store({ tableName: table, kmsKeyArn: f.mrk[OTHER]!, localRegion: OTHER });
    const bk = await there.getActiveBranchKey(branchKeyId);
    expect(bk.region).toBe(OTHER);
    expect(f.local.requests(LOCAL)).toHaveLength(0);
  });

  it('healthy: a cold keyring reads in the local region only', async () => {
    const out = await decrypt(keyring(store()), message);
    expect(Buffer.from(out.plaintext).toString()).toBe('across regions');
    expect(out.decryptedBy?.region).toBe(LOCAL);
    expect(f.local.requests(OTHER)).toHaveLength(0);
  });

  it('local region down: a cold keyring decrypts through the other region', async () => {
    await f.fault(LOCAL, 'down'); // POST /__admin/fault
    const s = store();
    const t0 = performance.now();
    const out = await decrypt(keyring(s), message);
    figure('cold decrypt, local region down (ms)', Math.round(performance.now() - t0));
    expect(Buffer.from(out.plaintext).toString()).toBe('across regions');
    expect(out.decryptedBy?.region).toBe(OTHER);
    // The next cold read (another keyring, same store) skips the dead region: its breaker is open.
    f.local.clearRequests();
    const again = await encrypt(keyring(s), 'again');
    expect(again.header.encryptedDataKeys).toHaveLength(1);
    expect(f.local.requests(LOCAL)).toHaveLength(0);
  });

  it('local region hangs: a cold keyring decrypts through the other region, and later reads skip the hanging one', async () => {
    await f.fault(LOCAL, 'hang');
    const s = store({}, 2000);
    const t0 = performance.now();
    const out = await decrypt(keyring(s), message);
    figure('cold decrypt, local region hangs (ms)', Math.round(performance.now() - t0));
    expect(out.decryptedBy?.region).toBe(OTHER);
    // The hedge started the other region while the local call hung; the hung call was abandoned as
    // slow, which orders its region last for a while: the next cold read goes to the other region.
    f.local.clearRequests();
    const t1 = performance.now();
    await encrypt(keyring(s), 'after');
    figure('next cold encrypt, local region hangs (ms)', Math.round(performance.now() - t1));
    expect(f.local.requests(LOCAL)).toHaveLength(0);
  });

  it('every region down: a typed error naming each region', async () => {
    for (const r of REGIONS) f.local.setFault(r, { mode: 'down' });
    await expect(decrypt(keyring(store()), message)).rejects.toThrow(/us-east-1.*eu-west-1|eu-west-1.*us-east-1/s);
  });
});
