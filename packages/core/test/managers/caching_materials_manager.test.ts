// CachingMaterialsManager with a counting in-process keyring (the KMS acceptance tests live in
// packages/keyring-kms/test/caching_with_kms.test.ts).
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import {
  encrypt, decrypt, CachingMaterialsManager, InMemoryMaterialsCache, InvalidArgumentError, AbortedError, KeyringError, SUITES,
  type Keyring, type EncryptionMaterials, type DecryptionMaterials, type EncryptedDataKey, type EncryptionRequest, type MaterialsCache,
} from '@envelope/core';

/** A keyring that makes a fresh random key per call, wraps it trivially, and counts calls. */
function countingKeyring(delayMs = 5) {
  const calls = { encrypt: 0, decrypt: 0 };
  const handed: Uint8Array[] = [];
  const keyring: Keyring = {
    async onEncrypt(m: EncryptionMaterials) {
      calls.encrypt++;
      await new Promise((r) => setTimeout(r, delayMs));
      const key = new Uint8Array(randomBytes(m.suite.keyLength));
      handed.push(key);
      const edk: EncryptedDataKey = { providerId: 'count', providerInfo: new Uint8Array([1]), ciphertext: new Uint8Array(key) };
      return { ...m, plaintextDataKey: key, encryptedDataKeys: [...m.encryptedDataKeys, edk] };
    },
    async onDecrypt(m: DecryptionMaterials, edks: readonly EncryptedDataKey[]) {
      calls.decrypt++;
      await new Promise((r) => setTimeout(r, delayMs));
      const edk = edks.find((e) => e.providerId === 'count');
      if (!edk) return m;
      const key = new Uint8Array(edk.ciphertext);
      handed.push(key);
      return { ...m, plaintextDataKey: key };
    },
  };
  return { keyring, calls, handed };
}

const keyOf = (h: { encryptedDataKeys: readonly EncryptedDataKey[] }): string => Buffer.from(h.encryptedDataKeys[0]!.ciphertext).toString('hex');

describe('CachingMaterialsManager', () => {
  it('100 concurrent encrypts on an empty cache: one source call, every message decrypts, handed keys wiped', async () => {
    const { keyring, calls, handed } = countingKeyring(20);
    const cmm = new CachingMaterialsManager({ source: keyring, maxAgeMs: 60_000 });
    const msgs = await Promise.all(Array.from({ length: 100 }, (_, i) => encrypt(cmm, `m${i}`, { encryptionContext: { a: 'b' } })));
    expect(calls.encrypt).toBe(1);
    expect(new Set(msgs.map((m) => keyOf(m.header))).size).toBe(1);
    expect(cmm.stats).toMatchObject({ hits: 100, sourceCalls: 1 });
    // The source's own key was wiped once copied into the cache.
    expect(handed[0]!.every((b) => b === 0)).toBe(true);
    for (const [i, m] of msgs.entries()) expect(Buffer.from((await decrypt(keyring, m.ciphertext)).plaintext).toString()).toBe(`m${i}`);
  });

  it('a burst of 100 with maxMessagesEncrypted 10: at least 10 keys, none used more than 10 times', async () => {
    const { keyring, calls } = countingKeyring(5);
    const cmm = new CachingMaterialsManager({ source: keyring, maxAgeMs: 60_000, maxMessagesEncrypted: 10 });
    const msgs = await Promise.all(Array.from({ length: 100 }, () => encrypt(cmm, 'x')));
    const uses = new Map<string, number>();
    for (const m of msgs) uses.set(keyOf(m.header), (uses.get(keyOf(m.header)) ?? 0) + 1);
    expect(uses.size).toBeGreaterThanOrEqual(10);
    expect(Math.max(...uses.values())).toBeLessThanOrEqual(10);
    expect(calls.encrypt).toBe(uses.size);
  });

  it('byte limit: a key encrypts at most maxBytesEncrypted; a message over the limit bypasses the cache', async () => {
    const { keyring, calls } = countingKeyring(0);
    const cmm = new CachingMaterialsManager({ source: keyring, maxAgeMs: 60_000, maxBytesEncrypted: 100 });
    const a = await encrypt(cmm, new Uint8Array(60));
    const b = await encrypt(cmm, new Uint8Array(40));
    const c = await encrypt(cmm, new Uint8Array(1));
    expect(keyOf(a.header)).toBe(keyOf(b.header));
    expect(keyOf(c.header)).not.toBe(keyOf(a.header));
    await encrypt(cmm, new Uint8Array(101));
    expect(cmm.stats.bypassed).toBe(1);
    expect(calls.encrypt).toBe(3);
  });

  it('entries are per context and suite; identity-KDF suites and unknown lengths are never cached', async () => {
    const { keyring, calls } = countingKeyring(0);
    const cmm = new CachingMaterialsManager({ source: keyring, maxAgeMs: 60_000 });
    await encrypt(cmm, 'x', { encryptionContext: { t: '1' } });
    await encrypt(cmm, 'x', { encryptionContext: { t: '1' } });
    expect(calls.encrypt).toBe(1);
    await encrypt(cmm, 'x', { encryptionContext: { t: '2' } });
    await encrypt(cmm, 'x', { encryptionContext: { t: '1' }, suiteId: 0x0478 });
    expect(calls.encrypt).toBe(3);
    const policy = 'forbid-encrypt-allow-decrypt' as const;
    for (let i = 0; i < 3; i++) await encrypt(cmm, 'x', { suiteId: 0x0078, commitmentPolicy: policy });
    expect(calls.encrypt).toBe(6);
    const r: EncryptionRequest = { encryptionContext: {}, commitmentPolicy: 'require-encrypt-require-decrypt' };
    (await cmm.getEncryptionMaterials(r)).plaintextDataKey!.fill(0);
    (await cmm.getEncryptionMaterials(r)).plaintextDataKey!.fill(0);
    expect(calls.encrypt).toBe(8);
    // Another policy asking without a suite gets a suite it may write, not the cached committing one.
    const other = await encrypt(cmm, 'x', { encryptionContext: { t: '1' }, commitmentPolicy: policy });
    expect(other.header.suiteId).toBe(0x0378);
  });

  it('maxAgeMs: an expired entry is not used, and its key is wiped on time', async () => {
    const { keyring, calls } = countingKeyring(0);
    const cache = new InMemoryMaterialsCache();
    const cmm = new CachingMaterialsManager({ source: keyring, maxAgeMs: 100, cache });
    await encrypt(cmm, 'x');
    const [id] = [...(cache as unknown as { slots: Map<string, { materials: EncryptionMaterials }> }).slots.keys()];
    const stored = (cache as unknown as { slots: Map<string, { materials: EncryptionMaterials }> }).slots.get(id!)!.materials.plaintextDataKey!;
    expect(stored.some((b) => b !== 0)).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(cache.size).toBe(0);
    expect(stored.every((b) => b === 0)).toBe(true);
    await encrypt(cmm, 'x');
    expect(calls.encrypt).toBe(2);
  });

  it('LRU capacity: the least recently used entry is evicted and wiped', async () => {
    const { keyring, calls } = countingKeyring(0);
    const cmm = new CachingMaterialsManager({ source: keyring, maxAgeMs: 60_000, capacity: 2 });
    for (const t of ['a', 'b', 'a', 'c', 'a', 'b']) await encrypt(cmm, 'x', { encryptionContext: { t } });
    // a, b, (a hit), c evicts b, (a hit), b again.
    expect(calls.encrypt).toBe(4);
  });

  it('never caches a failure: every waiter of a failed flight gets the error, the next call tries again', async () => {
    let fail = true;
    let calls = 0;
    const { keyring } = countingKeyring(0);
    const flaky: Keyring = {
      onEncrypt: async (m) => {
        calls++;
        await new Promise((r) => setTimeout(r, 10));
        if (fail) throw new KeyringError('down');
        return keyring.onEncrypt(m);
      },
      onDecrypt: keyring.onDecrypt,
    };
    const cmm = new CachingMaterialsManager({ source: flaky, maxAgeMs: 60_000 });
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => encrypt(cmm, 'x')));
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof KeyringError)).toBe(true);
    expect(calls).toBe(1);
    fail = false;
    await encrypt(cmm, 'x');
    expect(calls).toBe(2);
  });

  it("one caller's abort does not fail the others sharing its flight", async () => {
    const { keyring, calls } = countingKeyring(50);
    const cmm = new CachingMaterialsManager({ source: keyring, maxAgeMs: 60_000 });
    const ac = new AbortController();
    const first = encrypt(cmm, 'x', { signal: ac.signal });
    const others = Array.from({ length: 3 }, () => encrypt(cmm, 'y'));
    setTimeout(() => ac.abort(new Error('gone')), 10);
    await expect(first).rejects.toBeInstanceOf(AbortedError);
    expect((await Promise.all(others)).length).toBe(3);
    expect(calls.encrypt).toBe(1);
  });

  it('decrypt: 100 decrypts of one message, concurrent and then sequential, cost one source call', async () => {
    const { keyring, calls, handed } = countingKeyring(10);
    const { ciphertext } = await encrypt(keyring, 'hello', { encryptionContext: { a: 'b' } });
    const cmm = new CachingMaterialsManager({ source: keyring, maxAgeMs: 60_000 });
    const before = handed.length;
    const outs = await Promise.all(Array.from({ length: 50 }, () => decrypt(cmm, ciphertext)));
    for (let i = 0; i < 50; i++) outs.push(await decrypt(cmm, ciphertext));
    expect(outs.every((o) => Buffer.from(o.plaintext).toString() === 'hello')).toBe(true);
    expect(calls.decrypt).toBe(1);
    expect(handed.slice(before).every((k) => k.every((b) => b === 0))).toBe(true);
  });

  it('options are checked', () => {
    const { keyring } = countingKeyring();
    const bad = [
      { source: keyring, maxAgeMs: 0 },
      { source: keyring, maxAgeMs: 10, maxMessagesEncrypted: 0 },
      { source: keyring, maxAgeMs: 10, maxMessagesEncrypted: 2 ** 32 + 1 },
      { source: keyring, maxAgeMs: 10, maxBytesEncrypted: -1 },
      { source: keyring, maxAgeMs: 10, capacity: 0 },
      { source: keyring, maxAgeMs: 10, partition: '' },
      { source: keyring, maxAgeMs: 10, capacity: 5, cache: new InMemoryMaterialsCache() },
      { source: {}, maxAgeMs: 10 },
    ];
    for (const o of bad) expect(() => new CachingMaterialsManager(o as never)).toThrow(InvalidArgumentError);
    expect(SUITES[0x0078].cacheable).toBe(false);
  });

  it('managers sharing a cache share entries only within one partition', async () => {
    const { keyring, calls } = countingKeyring(0);
    const cache = new InMemoryMaterialsCache();
    const a = new CachingMaterialsManager({ source: keyring, maxAgeMs: 60_000, cache, partition: 'p' });
    const b = new CachingMaterialsManager({ source: keyring, maxAgeMs: 60_000, cache, partition: 'p' });
    const c = new CachingMaterialsManager({ source: keyring, maxAgeMs: 60_000, cache });
    await encrypt(a, 'x');
    await encrypt(b, 'x');
    expect(calls.encrypt).toBe(1);
    await encrypt(c, 'x');
    expect(calls.encrypt).toBe(2);
  });
});

describe('MaterialsCache: an application store', () => {
  it('a store of its own is used for every entry; a store that keeps nothing costs one source call per message', async () => {
    const { keyring, calls } = countingKeyring(0);
    const inner = new InMemoryMaterialsCache({ capacity: 5 });
    const seen: string[] = [];
    const store: MaterialsCache = {
      getEncryptionEntry: (id, n) => (seen.push('get'), inner.getEncryptionEntry(id, n)),
      putEncryptionEntry: (id, m, age) => (seen.push('put'), inner.putEncryptionEntry(id, m, age)),
      getDecryptionEntry: (id) => inner.getDecryptionEntry(id),
      putDecryptionEntry: (id, m, age) => inner.putDecryptionEntry(id, m, age),
      delete: (id) => inner.delete(id),
    };
    const cmm = new CachingMaterialsManager({ source: keyring, maxAgeMs: 60_000, cache: store });
    for (let i = 0; i < 3; i++) await encrypt(cmm, 'x');
    expect(calls.encrypt).toBe(1);
    expect(seen.filter((s) => s === 'put')).toHaveLength(1);

    const dropped: Uint8Array[] = [];
    const forgetful: MaterialsCache = {
      getEncryptionEntry: () => undefined,
      putEncryptionEntry: (_id, m) => dropped.push(m.plaintextDataKey!),
      getDecryptionEntry: () => undefined,
      putDecryptionEntry: (_id, m) => dropped.push(m.plaintextDataKey!),
      delete: () => {},
    };
    const none = new CachingMaterialsManager({ source: keyring, maxAgeMs: 60_000, cache: forgetful });
    const before = calls.encrypt;
    const { ciphertext } = await encrypt(none, 'y');
    expect(calls.encrypt - before).toBe(2); // the fill, then the caller's own uncached materials
    await decrypt(none, ciphertext);
    expect(calls.decrypt).toBe(2);
  });
});
