import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  KeyringError,
  NoKeyDecryptedError,
  SUITE_IDS,
  SUITES,
  type AlgorithmSuite,
  type DecryptionMaterials,
  type EncryptionMaterials,
} from '@envelope/core';
import { RawAesKeyring, type RawAesKeyringOptions } from '@envelope/keyring-raw-aes';

const suite: AlgorithmSuite = SUITES[0x0478];
const ec = { purpose: 'test', 'aws-crypto-public-key': 'AAAA' };
const enc = (s = suite, encryptionContext: Record<string, string> = ec): EncryptionMaterials => ({ suite: s, encryptionContext, encryptedDataKeys: [] });
const dec = (s = suite, encryptionContext: Record<string, string> = ec): DecryptionMaterials => ({ suite: s, encryptionContext });

describe('RawAesKeyring', () => {
  it.each([16, 24, 32])('round-trips a data key for every suite with a %i-byte wrapping key', async (len) => {
    const kr = new RawAesKeyring({ keyNamespace: 'ns', keyName: 'k', wrappingKey: randomBytes(len) });
    for (const id of SUITE_IDS) {
      const s = SUITES[id];
      const e = await kr.onEncrypt(enc(s));
      expect(e.plaintextDataKey).toHaveLength(s.keyLength);
      expect(e.encryptedDataKeys).toHaveLength(1);
      const d = await kr.onDecrypt(dec(s), e.encryptedDataKeys);
      expect(Buffer.from(d.plaintextDataKey!).equals(Buffer.from(e.plaintextDataKey!))).toBe(true);
      expect(d.decryptedBy).toEqual({ providerId: 'ns', keyId: 'ns/k' });
    }
  });

  it('writes the ESDK provider info layout: name, tag bits 128, IV length 12, IV', async () => {
    const kr = new RawAesKeyring({ keyNamespace: 'my-ns', keyName: 'my-key', wrappingKey: randomBytes(32) });
    const { encryptedDataKeys: [edk] } = await kr.onEncrypt(enc());
    expect(edk!.providerId).toBe('my-ns');
    const info = Buffer.from(edk!.providerInfo);
    expect(info.subarray(0, 6).toString()).toBe('my-key');
    expect(info.readUInt32BE(6)).toBe(128);
    expect(info.readUInt32BE(10)).toBe(12);
    expect(info.length).toBe(6 + 8 + 12);
    expect(edk!.ciphertext).toHaveLength(32 + 16);
  });

  it('wraps an existing data key without replacing it and appends its EDK', async () => {
    const kr = new RawAesKeyring({ keyNamespace: 'ns', keyName: 'k', wrappingKey: randomBytes(16) });
    const key = randomBytes(32);
    const prior = { providerId: 'other', providerInfo: new Uint8Array([1]), ciphertext: new Uint8Array([2]) };
    const e = await kr.onEncrypt({ ...enc(), plaintextDataKey: key, encryptedDataKeys: [prior] });
    expect(e.plaintextDataKey).toBe(key);
    expect(e.encryptedDataKeys[0]).toBe(prior);
    expect(e.encryptedDataKeys).toHaveLength(2);
  });

  it('refuses a data key of the wrong length for the suite', async () => {
    const kr = new RawAesKeyring({ keyNamespace: 'ns', keyName: 'k', wrappingKey: randomBytes(16) });
    await expect(kr.onEncrypt({ ...enc(), plaintextDataKey: randomBytes(16) })).rejects.toBeInstanceOf(KeyringError);
  });

  it('returns materials unchanged when no EDK is its own (other namespace, other name, name prefix)', async () => {
    const kr = new RawAesKeyring({ keyNamespace: 'ns', keyName: 'k', wrappingKey: randomBytes(32) });
    const other1 = new RawAesKeyring({ keyNamespace: 'ns2', keyName: 'k', wrappingKey: randomBytes(32) });
    const other2 = new RawAesKeyring({ keyNamespace: 'ns', keyName: 'kk', wrappingKey: randomBytes(32) });
    const edks = [...(await other1.onEncrypt(enc())).encryptedDataKeys, ...(await other2.onEncrypt(enc())).encryptedDataKeys];
    const m = dec();
    expect(kr.decryptCandidates(m, edks)).toHaveLength(0);
    expect(await kr.onDecrypt(m, edks)).toBe(m);
  });

  it('fails with a typed error on a wrong key, a changed context or a flipped ciphertext byte', async () => {
    const kr = new RawAesKeyring({ keyNamespace: 'ns', keyName: 'k', wrappingKey: randomBytes(32) });
    const impostor = new RawAesKeyring({ keyNamespace: 'ns', keyName: 'k', wrappingKey: randomBytes(32) });
    const { encryptedDataKeys } = await kr.onEncrypt(enc());
    const err = await impostor.onDecrypt(dec(), encryptedDataKeys).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoKeyDecryptedError);
    expect((err as NoKeyDecryptedError).attempts[0]?.error).toBeInstanceOf(KeyringError);
    await expect(kr.onDecrypt(dec(suite, { purpose: 'other' }), encryptedDataKeys)).rejects.toBeInstanceOf(NoKeyDecryptedError);
    const edk = encryptedDataKeys[0]!;
    for (let i = 0; i < edk.ciphertext.length; i++) {
      const ct = Buffer.from(edk.ciphertext);
      ct[i]! ^= 1;
      await expect(kr.onDecrypt(dec(), [{ ...edk, ciphertext: ct }])).rejects.toBeInstanceOf(NoKeyDecryptedError);
    }
  });

  it('binds the context independently of insertion order (sorted serialization)', async () => {
    const kr = new RawAesKeyring({ keyNamespace: 'ns', keyName: 'k', wrappingKey: randomBytes(32) });
    const { encryptedDataKeys } = await kr.onEncrypt(enc(suite, { b: '2', a: '1', é: 'x' }));
    const d = await kr.onDecrypt(dec(suite, { é: 'x', a: '1', b: '2' }), encryptedDataKeys);
    expect(d.plaintextDataKey).toHaveLength(32);
  });

  it('tries the next matching EDK when one fails', async () => {
    const kr = new RawAesKeyring({ keyNamespace: 'ns', keyName: 'k', wrappingKey: randomBytes(32) });
    const { encryptedDataKeys: [good] } = await kr.onEncrypt(enc());
    const bad = { ...good!, ciphertext: new Uint8Array(48) };
    const d = await kr.onDecrypt(dec(), [bad, good!]);
    expect(d.plaintextDataKey).toHaveLength(32);
    expect(kr.decryptCandidates(dec(), [bad, good!]).map((c) => [c.kind, c.keyring, c.keyId])).toEqual([
      ['raw', 'raw-aes', 'ns/k'],
      ['raw', 'raw-aes', 'ns/k'],
    ]);
  });

  it('does not open an EDK of a suite with a different key length', async () => {
    const kr = new RawAesKeyring({ keyNamespace: 'ns', keyName: 'k', wrappingKey: randomBytes(32) });
    const { encryptedDataKeys } = await kr.onEncrypt(enc(SUITES[0x0014]));
    await expect(kr.onDecrypt(dec(SUITES[0x0078]), encryptedDataKeys)).rejects.toBeInstanceOf(NoKeyDecryptedError);
  });

  it('rejects bad options with ConfigError and never shows the key', () => {
    const key = Buffer.alloc(32, 0xab);
    expect(() => new RawAesKeyring({ keyNamespace: 'ns', keyName: 'k', wrappingKey: randomBytes(20) })).toThrow(ConfigError);
    // Issue 14 item 3: no options at all is a ConfigError too, not a TypeError from destructuring.
    expect(() => new (RawAesKeyring as unknown as new () => RawAesKeyring)()).toThrow(ConfigError);
    expect(() => new RawAesKeyring(null as unknown as RawAesKeyringOptions)).toThrow(ConfigError);
    expect(() => new RawAesKeyring({ keyNamespace: '', keyName: 'k', wrappingKey: key })).toThrow(ConfigError);
    expect(() => new RawAesKeyring({ keyNamespace: 'aws-kms', keyName: 'k', wrappingKey: key })).toThrow(ConfigError);
    expect(() => new RawAesKeyring({ keyNamespace: 'ns', keyName: '', wrappingKey: key })).toThrow(ConfigError);
    const kr = new RawAesKeyring({ keyNamespace: 'ns', keyName: 'k', wrappingKey: key });
    const json = JSON.stringify(kr);
    expect(JSON.parse(json)).toEqual({ keyring: 'raw-aes', keyNamespace: 'ns', keyName: 'k' });
    expect(json).not.toContain(key.toString('base64'));
  });

  it('keeps its own copy of the wrapping key', async () => {
    const key = randomBytes(32);
    const copy = Buffer.from(key);
    const kr = new RawAesKeyring({ keyNamespace: 'ns', keyName: 'k', wrappingKey: key });
    key.fill(0);
    const { encryptedDataKeys } = await kr.onEncrypt(enc());
    const twin = new RawAesKeyring({ keyNamespace: 'ns', keyName: 'k', wrappingKey: copy });
    expect((await twin.onDecrypt(dec(), encryptedDataKeys)).plaintextDataKey).toHaveLength(32);
  });
});
