import { Buffer } from 'node:buffer';
import { constants, privateDecrypt, publicEncrypt, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  KeyringError,
  NoKeyDecryptedError,
  SUITES,
  type DecryptionMaterials,
  type EncryptionMaterials,
} from '@envelope/core';
import { RawRsaKeyring, RSA_PADDINGS } from '@envelope/keyring-raw-rsa';
import { rsaPair } from './fixtures.js';

const { publicKey, privateKey } = rsaPair();
const other = rsaPair();
const privatePem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const publicPem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
const ec = { tenant: 'acme' };
const enc = (id: keyof typeof SUITES = 0x0578): EncryptionMaterials => ({ suite: SUITES[id], encryptionContext: ec, encryptedDataKeys: [] });
const dec = (id: keyof typeof SUITES = 0x0578): DecryptionMaterials => ({ suite: SUITES[id], encryptionContext: ec });

describe('RawRsaKeyring', () => {
  it.each(RSA_PADDINGS)('round-trips data keys of 16, 24 and 32 bytes with %s', async (padding) => {
    const kr = new RawRsaKeyring({ keyNamespace: 'escrow', keyName: 'e1', publicKey: publicPem, privateKey: privatePem, padding, allowPkcs1Decrypt: true });
    for (const id of [0x0014, 0x0146, 0x0578] as const) {
      const e = await kr.onEncrypt(enc(id));
      const d = await kr.onDecrypt(dec(id), e.encryptedDataKeys);
      expect(Buffer.from(d.plaintextDataKey!).equals(Buffer.from(e.plaintextDataKey!))).toBe(true);
      expect(d.decryptedBy).toEqual({ providerId: 'escrow', keyId: 'escrow/e1' });
    }
  });

  it('writes the ESDK EDK layout: provider id = namespace, provider info = key name, modulus-sized ciphertext', async () => {
    const kr = new RawRsaKeyring({ keyNamespace: 'escrow', keyName: 'escrow-2026', publicKey, padding: 'oaep-sha256' });
    const { encryptedDataKeys: [edk], plaintextDataKey } = await kr.onEncrypt(enc());
    expect(edk!.providerId).toBe('escrow');
    expect(Buffer.from(edk!.providerInfo).toString()).toBe('escrow-2026');
    expect(edk!.ciphertext).toHaveLength(256);
    // OAEP with SHA-256 for both the OAEP hash and MGF1, as node:crypto does with oaepHash.
    const raw = privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, edk!.ciphertext);
    expect(raw.equals(Buffer.from(plaintextDataKey!))).toBe(true);
  });

  it('decrypts pkcs1 only with allowPkcs1Decrypt, whichever decrypter this runtime offers', async () => {
    const ct = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.alloc(32, 7));
    const edks = [{ providerId: 'escrow', providerInfo: Buffer.from('e'), ciphertext: ct }];
    const off = new RawRsaKeyring({ keyNamespace: 'escrow', keyName: 'e', privateKey, padding: 'pkcs1' });
    const err = await off.onDecrypt(dec(), edks).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(NoKeyDecryptedError);
    expect((err as NoKeyDecryptedError).attempts[0]?.error).toBeInstanceOf(ConfigError);
    expect((err as NoKeyDecryptedError).attempts[0]?.reason).toMatch(/allowPkcs1Decrypt/);
    const on = new RawRsaKeyring({ keyNamespace: 'escrow', keyName: 'e', privateKey, padding: 'pkcs1', allowPkcs1Decrypt: true });
    const d = await on.onDecrypt(dec(), edks);
    expect(Buffer.from(d.plaintextDataKey!).equals(Buffer.alloc(32, 7))).toBe(true);
    // Encryption with pkcs1 needs no opt-in (old escrow keys keep working for writing).
    expect((await off.onEncrypt(enc())).encryptedDataKeys).toHaveLength(1);
  });

  it('encrypt-only: encrypts with the public key, and decrypt of its own EDK is a ConfigError', async () => {
    const kr = new RawRsaKeyring({ keyNamespace: 'escrow', keyName: 'e', publicKey: publicPem, padding: 'oaep-sha512' });
    expect(kr.canDecrypt).toBe(false);
    const e = await kr.onEncrypt(enc());
    await expect(kr.onDecrypt(dec(), e.encryptedDataKeys)).rejects.toBeInstanceOf(ConfigError);
    await expect(kr.onDecrypt(dec(), e.encryptedDataKeys)).rejects.toThrow(/no private key/);
    const m = dec();
    expect(await kr.onDecrypt(m, [{ ...e.encryptedDataKeys[0]!, providerInfo: Buffer.from('other') }])).toBe(m);
  });

  it('fails with typed errors for a wrong private key or a padding mismatch', async () => {
    const writer = new RawRsaKeyring({ keyNamespace: 'escrow', keyName: 'e', publicKey, padding: 'oaep-sha1' });
    const { encryptedDataKeys } = await writer.onEncrypt(enc());
    const wrongKey = new RawRsaKeyring({ keyNamespace: 'escrow', keyName: 'e', privateKey: other.privateKey, padding: 'oaep-sha1' });
    const err = await wrongKey.onDecrypt(dec(), encryptedDataKeys).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(NoKeyDecryptedError);
    expect((err as NoKeyDecryptedError).attempts[0]?.error).toBeInstanceOf(KeyringError);
    const wrongPad = new RawRsaKeyring({ keyNamespace: 'escrow', keyName: 'e', privateKey, padding: 'oaep-sha256' });
    await expect(wrongPad.onDecrypt(dec(), encryptedDataKeys)).rejects.toBeInstanceOf(NoKeyDecryptedError);
    // pkcs1 never reports a padding failure (test/internal/pkcs1_unwrap.test.ts): it yields a wrong key.
    const pkcs1 = new RawRsaKeyring({ keyNamespace: 'escrow', keyName: 'e', privateKey, padding: 'pkcs1', allowPkcs1Decrypt: true });
    expect((await pkcs1.onDecrypt(dec(), encryptedDataKeys)).plaintextDataKey).toHaveLength(32);
  });

  it('offers one raw candidate per matching EDK', async () => {
    const kr = new RawRsaKeyring({ keyNamespace: 'escrow', keyName: 'e', privateKey, padding: 'oaep-sha256' });
    const { encryptedDataKeys: [edk] } = await kr.onEncrypt(enc());
    const cands = kr.decryptCandidates(dec(), [edk!, { ...edk!, providerId: 'x' }, edk!]);
    expect(cands.map((c) => [c.kind, c.keyring, c.keyId, c.region])).toEqual([
      ['raw', 'raw-rsa', 'escrow/e', undefined],
      ['raw', 'raw-rsa', 'escrow/e', undefined],
    ]);
    expect((await cands[1]!.attempt(dec())).plaintextDataKey).toHaveLength(32);
  });

  it('rejects bad options: no key, mismatched pair, unknown padding, reserved namespace', () => {
    const base = { keyNamespace: 'escrow', keyName: 'e' };
    expect(() => new RawRsaKeyring({ ...base, padding: 'oaep-sha256' })).toThrow(ConfigError);
    expect(() => new RawRsaKeyring({ ...base, publicKey: other.publicKey, privateKey, padding: 'oaep-sha256' })).toThrow(/not one key pair/);
    expect(() => new RawRsaKeyring({ ...base, publicKey, padding: 'oaep-md5' as never })).toThrow(ConfigError);
    expect(() => new RawRsaKeyring({ ...base, keyNamespace: 'aws-kms', publicKey, padding: 'pkcs1' })).toThrow(ConfigError);
  });

  it('never shows the private key in JSON, inspect or error messages', async () => {
    const kr = new RawRsaKeyring({ keyNamespace: 'escrow', keyName: 'e', privateKey: privatePem, padding: 'oaep-sha256' });
    expect(JSON.parse(JSON.stringify(kr))).toEqual({ keyring: 'raw-rsa', keyNamespace: 'escrow', keyName: 'e', padding: 'oaep-sha256', canDecrypt: true });
    const secretLine = privatePem.split('\n')[3]!;
    const d = privateKey.export({ format: 'jwk' }).d!;
    expect(inspect(kr, { depth: 5 })).not.toContain(secretLine);
    expect(inspect(kr, { depth: 5 })).not.toContain(d.slice(0, 20));
    const err = await kr.onDecrypt(dec(), [{ providerId: 'escrow', providerInfo: Buffer.from('e'), ciphertext: randomBytes(256) }]).catch((x: unknown) => x);
    expect(inspect(err, { depth: 5 })).not.toContain(secretLine);
    expect(inspect(err, { depth: 5 })).not.toContain(d.slice(0, 20));
  });
});
