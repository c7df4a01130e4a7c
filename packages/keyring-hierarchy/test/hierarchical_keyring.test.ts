// HierarchicalKeyring over a BranchKeyStore on kms-local (KMS + DynamoDB over HTTP, real SDK clients).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, decrypt, encrypt, NoKeyDecryptedError } from '@envelope/core';
import { BranchKeyStore, HierarchicalKeyring } from '../src/index.js';
import { fixture, tableName, type Fixture } from './helpers.js';

const REGION = 'us-east-1';
let f: Fixture;
let store: BranchKeyStore;
let branchKeyId: string;

beforeAll(async () => {
  f = await fixture([REGION]);
  store = f.store({ tableName: tableName() });
  await store.createTable();
  ({ branchKeyId } = await store.createKey());
});
afterAll(() => f.close());
beforeEach(() => f.local.clearRequests());

const text = (b: Uint8Array): string => Buffer.from(b).toString();

describe('HierarchicalKeyring', () => {
  it('round trip on every suite; the EDK names the branch key', async () => {
    const k = new HierarchicalKeyring({ keyStore: store, branchKeyId, cacheTtlMs: 60_000 });
    for (const suiteId of [0x0014, 0x0078, 0x0178, 0x0478, 0x0578]) {
      const policy = suiteId < 0x0400 ? 'forbid-encrypt-allow-decrypt' : 'require-encrypt-require-decrypt';
      const { ciphertext, header } = await encrypt(k, `suite ${suiteId}`, { suiteId, commitmentPolicy: policy, encryptionContext: { tenant: 'a' } });
      expect(header.encryptedDataKeys.map((e) => [e.providerId, text(e.providerInfo)])).toEqual([['aws-kms-hierarchy', branchKeyId]]);
      const out = await decrypt(k, ciphertext, { commitmentPolicy: policy === 'forbid-encrypt-allow-decrypt' ? 'require-encrypt-allow-decrypt' : policy });
      expect(text(out.plaintext)).toBe(`suite ${suiteId}`);
      expect(out.decryptedBy).toMatchObject({ providerId: 'aws-kms-hierarchy', keyId: branchKeyId, region: REGION });
    }
  });

  it('a cold keyring: 100 concurrent encrypts send one GetItem and one KMS Decrypt; then 10,000 encrypts within the TTL send no request', async () => {
    const k = new HierarchicalKeyring({ keyStore: store, branchKeyId, cacheTtlMs: 600_000 });
    const first = await Promise.all(Array.from({ length: 100 }, (_, i) => encrypt(k, `m${i}`, { suiteId: 0x0478 })));
    // Counted from kms-local's request log over HTTP (GET /__admin/requests).
    expect((await f.logged('Decrypt')).length).toBeLessThanOrEqual(1);
    expect((await f.logged('GetItem')).length).toBeLessThanOrEqual(1);
    expect((await f.logged()).map((r) => r.operation).sort()).toEqual(['Decrypt', 'GetItem']);
    f.local.clearRequests();
    for (let i = 0; i < 10_000; i++) await encrypt(k, 'x', { suiteId: 0x0478 });
    expect(await f.logged()).toHaveLength(0);
    // Messages just written open without another read: the active key is also its version.
    expect(text((await decrypt(k, first[99]!.ciphertext)).plaintext)).toBe('m99');
    expect(f.local.requests()).toHaveLength(0);
  });

  it('100 concurrent decrypts by a cold keyring send one GetItem and one Decrypt for their version', async () => {
    const writer = new HierarchicalKeyring({ keyStore: store, branchKeyId, cacheTtlMs: 60_000 });
    const messages = await Promise.all(Array.from({ length: 100 }, (_, i) => encrypt(writer, `d${i}`, { suiteId: 0x0478 })));
    f.local.clearRequests();
    const reader = new HierarchicalKeyring({ keyStore: store, branchKeyId, cacheTtlMs: 60_000 });
    const out = await Promise.all(messages.map((m) => decrypt(reader, m.ciphertext)));
    expect(out.map((o) => text(o.plaintext))).toEqual(messages.map((_, i) => `d${i}`));
    expect([f.count('GetItem'), f.count('Decrypt')]).toEqual([1, 1]);
  });

  it('after versionKey, messages of the old and the new version open; a fresh read after the TTL uses the new version', async () => {
    const { branchKeyId: id } = await store.createKey();
    const k = new HierarchicalKeyring({ keyStore: store, branchKeyId: id, cacheTtlMs: 1000 });
    const old = await encrypt(k, 'old');
    await store.versionKey({ branchKeyId: id });
    const stillOld = await encrypt(k, 'cached'); // within the TTL: the cached (old) active key
    const fresh = new HierarchicalKeyring({ keyStore: store, branchKeyId: id, cacheTtlMs: 1000 });
    const young = await encrypt(fresh, 'new');
    const version = (m: { header: { encryptedDataKeys: readonly { ciphertext: Uint8Array }[] } }) => Buffer.from(m.header.encryptedDataKeys[0]!.ciphertext.subarray(28, 44)).toString('hex');
    expect(version(stillOld)).toBe(version(old));
    expect(version(young)).not.toBe(version(old));
    for (const reader of [k, fresh, new HierarchicalKeyring({ keyStore: store, branchKeyId: id, cacheTtlMs: 1000 })]) {
      expect(text((await decrypt(reader, old.ciphertext)).plaintext)).toBe('old');
      expect(text((await decrypt(reader, young.ciphertext)).plaintext)).toBe('new');
    }
  });

  it('a supplier picks each tenant its branch key; one tenant cannot open another tenant\'s message', async () => {
    const { branchKeyId: a } = await store.createKey({ branchKeyId: `tenant-a-${Date.now()}` });
    const { branchKeyId: b } = await store.createKey({ branchKeyId: `tenant-b-${Date.now()}` });
    const keys: Record<string, string> = { a, b };
    const k = new HierarchicalKeyring({ keyStore: store, branchKeyIdSupplier: (ec) => keys[ec['tenant']!]!, cacheTtlMs: 60_000 });
    const ma = await encrypt(k, 'for a', { encryptionContext: { tenant: 'a' } });
    const mb = await encrypt(k, 'for b', { encryptionContext: { tenant: 'b' } });
    expect(text(ma.header.encryptedDataKeys[0]!.providerInfo)).toBe(a);
    expect(text(mb.header.encryptedDataKeys[0]!.providerInfo)).toBe(b);
    expect(text((await decrypt(k, ma.ciphertext)).plaintext)).toBe('for a');
    expect(text((await decrypt(k, mb.ciphertext)).plaintext)).toBe('for b');
    const onlyA = new HierarchicalKeyring({ keyStore: store, branchKeyId: a, cacheTtlMs: 60_000 });
    await expect(decrypt(onlyA, mb.ciphertext)).rejects.toThrow(NoKeyDecryptedError);
    // A supplier that returns nothing usable is a typed error, not a key.
    const broken = new HierarchicalKeyring({ keyStore: store, branchKeyIdSupplier: () => '', cacheTtlMs: 60_000 });
    await expect(encrypt(broken, 'x')).rejects.toThrow(/non-empty string/);
  });

  it('a damaged EDK fails with the typed error and releases nothing', async () => {
    const k = new HierarchicalKeyring({ keyStore: store, branchKeyId, cacheTtlMs: 60_000 });
    const { ciphertext, header } = await encrypt(k, 'secret', { encryptionContext: { a: 'b' } });
    const edk = header.encryptedDataKeys[0]!;
    const at = Buffer.from(ciphertext).indexOf(Buffer.from(edk.ciphertext));
    const bad = Buffer.from(ciphertext);
    bad[at + 50]! ^= 1;
    await expect(decrypt(k, bad)).rejects.toThrow(NoKeyDecryptedError);
  });

  it('options are checked', () => {
    expect(() => new HierarchicalKeyring({ keyStore: store, cacheTtlMs: 1 })).toThrow(ConfigError);
    expect(() => new HierarchicalKeyring({ keyStore: store, branchKeyId, branchKeyIdSupplier: () => 'x', cacheTtlMs: 1 })).toThrow(/exactly one/);
    expect(() => new HierarchicalKeyring({ keyStore: store, branchKeyId, cacheTtlMs: 0 })).toThrow(/cacheTtlMs/);
    expect(() => new HierarchicalKeyring({ keyStore: store, branchKeyId, cacheTtlMs: 1, maxCacheSize: -1 })).toThrow(/maxCacheSize/);
    expect(() => new HierarchicalKeyring({ keyStore: {} as BranchKeyStore, branchKeyId, cacheTtlMs: 1 })).toThrow(/keyStore/);
  });
});
