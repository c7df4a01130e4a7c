import { describe, expect, it } from 'vitest';
import { InMemoryMaterialsCache, SUITES, InvalidArgumentError, type EncryptionMaterials, type DecryptionMaterials } from '@envelope/core';

const enc = (fill: number): EncryptionMaterials => ({
  suite: SUITES[0x0478], encryptionContext: {}, plaintextDataKey: new Uint8Array(32).fill(fill),
  encryptedDataKeys: [{ providerId: 'p', providerInfo: new Uint8Array(1), ciphertext: new Uint8Array([fill]) }],
});
const dec = (fill: number): DecryptionMaterials => ({ suite: SUITES[0x0478], encryptionContext: {}, plaintextDataKey: new Uint8Array(32).fill(fill) });
const wiped = (m: { plaintextDataKey?: Uint8Array }): boolean => m.plaintextDataKey!.every((b) => b === 0);

describe('InMemoryMaterialsCache', () => {
  it('LRU: beyond capacity the least recently used entry is evicted and its key wiped', () => {
    const cache = new InMemoryMaterialsCache({ capacity: 2 });
    const a = enc(1), b = enc(2), c = dec(3);
    cache.putEncryptionEntry('a', a, 60_000);
    cache.putEncryptionEntry('b', b, 60_000);
    expect(cache.getEncryptionEntry('a', 10)).toMatchObject({ messagesEncrypted: 1, bytesEncrypted: 10 });
    cache.putDecryptionEntry('c', c, 60_000);
    expect(cache.size).toBe(2);
    expect(wiped(b)).toBe(true);
    expect(wiped(a)).toBe(false);
    expect(cache.getEncryptionEntry('b', 0)).toBeUndefined();
    expect(cache.getDecryptionEntry('c')?.materials).toBe(c);
    cache.clear();
    expect(wiped(a) && wiped(c)).toBe(true);
  });

  it('usage is counted on every get; replacing or deleting an entry wipes its key', () => {
    const cache = new InMemoryMaterialsCache();
    const a = enc(1);
    cache.putEncryptionEntry('a', a, 60_000);
    for (let i = 1; i <= 3; i++) expect(cache.getEncryptionEntry('a', 100)).toMatchObject({ messagesEncrypted: i, bytesEncrypted: 100 * i });
    const a2 = enc(4);
    cache.putEncryptionEntry('a', a2, 60_000);
    expect(wiped(a)).toBe(true);
    expect(cache.getEncryptionEntry('a', 0)).toMatchObject({ messagesEncrypted: 1, bytesEncrypted: 0 });
    cache.delete('a');
    expect(wiped(a2)).toBe(true);
    expect(cache.getEncryptionEntry('a', 0)).toBeUndefined();
  });

  it('an expired entry is not returned and is wiped', async () => {
    const cache = new InMemoryMaterialsCache();
    const d = dec(5);
    cache.putDecryptionEntry('d', d, 50);
    expect(cache.getDecryptionEntry('d')).toBeDefined();
    await new Promise((r) => setTimeout(r, 120));
    expect(cache.getDecryptionEntry('d')).toBeUndefined();
    expect(wiped(d)).toBe(true);
  });

  it('capacity is checked', () => {
    for (const capacity of [0, -1, 1.5, Number.NaN]) expect(() => new InMemoryMaterialsCache({ capacity })).toThrow(InvalidArgumentError);
  });
});
