import { Buffer } from 'node:buffer';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, SUITES, type ProviderContext } from '@envelope/core';
import { RawRsaKeyring, rawRsaProvider } from '@envelope/keyring-raw-rsa';
import { pkcs12Der, rsaPair, selfSignedCertPem } from './fixtures.js';

const { publicKey, privateKey } = rsaPair();
const dir = mkdtempSync(path.join(tmpdir(), 'raw-rsa-'));
writeFileSync(path.join(dir, 'escrow.pub.pem'), publicKey.export({ format: 'pem', type: 'spki' }));
writeFileSync(path.join(dir, 'escrow.pem'), privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
writeFileSync(path.join(dir, 'escrow.der'), privateKey.export({ format: 'der', type: 'pkcs1' }));
writeFileSync(path.join(dir, 'escrow.enc.pem'), privateKey.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'enc-pass' }));
writeFileSync(path.join(dir, 'escrow.p12'), pkcs12Der(privateKey, selfSignedCertPem(privateKey, publicKey), 'p12-pass'));
const context = (env: Record<string, string> = {}): ProviderContext => ({
  build: () => Promise.reject(new Error('no children')),
  baseDir: dir,
  kms: {},
  env,
  services: { get: () => { throw new Error('no services in this test'); } },
});
const base = { type: 'raw-rsa', keyNamespace: 'escrow', keyName: 'escrow-2026', padding: 'oaep-sha256' };
const build = async (cfg: object, env?: Record<string, string>): Promise<RawRsaKeyring> =>
  (await rawRsaProvider.create(rawRsaProvider.parse({ ...base, ...cfg }, 'keyring'), context(env))) as RawRsaKeyring;
const suite = SUITES[0x0578];

describe('rawRsaProvider', () => {
  it('allowPkcs1Decrypt: pkcs1 decryption only when the config says so; must be a boolean', async () => {
    const writer = await build({ padding: 'pkcs1', publicKey: 'escrow.pub.pem' });
    const e = await writer.onEncrypt({ suite, encryptionContext: {}, encryptedDataKeys: [] });
    const off = await build({ padding: 'pkcs1', privateKey: 'escrow.pem' });
    await expect(off.onDecrypt({ suite, encryptionContext: {} }, e.encryptedDataKeys)).rejects.toThrow(/allowPkcs1Decrypt/);
    const on = await build({ padding: 'pkcs1', privateKey: 'escrow.pem', allowPkcs1Decrypt: true });
    const d = await on.onDecrypt({ suite, encryptionContext: {} }, e.encryptedDataKeys);
    expect(Buffer.from(d.plaintextDataKey!).equals(Buffer.from(e.plaintextDataKey!))).toBe(true);
    expect(() => rawRsaProvider.parse({ ...base, privateKey: 'escrow.pem', allowPkcs1Decrypt: 'yes' }, 'keyring')).toThrow(/keyring\.allowPkcs1Decrypt/);
  });

  it('builds an encrypt-only keyring from a public key and a decrypting one from each private key format', async () => {
    const writer = await build({ publicKey: 'escrow.pub.pem' });
    expect(writer).toBeInstanceOf(RawRsaKeyring);
    expect(writer.canDecrypt).toBe(false);
    const e = await writer.onEncrypt({ suite, encryptionContext: {}, encryptedDataKeys: [] });
    const readers = [
      await build({ publicKey: 'escrow.pub.pem', privateKey: 'escrow.pem' }),
      await build({ privateKey: 'escrow.der' }),
      await build({ privateKey: 'escrow.enc.pem', passphraseEnv: 'ESCROW_PASS' }, { ESCROW_PASS: 'enc-pass' }),
      await build({ pkcs12: 'escrow.p12', passphraseEnv: 'P12_PASS' }, { P12_PASS: 'p12-pass' }),
    ];
    for (const r of readers) {
      const d = await r.onDecrypt({ suite, encryptionContext: {} }, e.encryptedDataKeys);
      expect(Buffer.from(d.plaintextDataKey!).equals(Buffer.from(e.plaintextDataKey!))).toBe(true);
    }
  });

  it('takes publicKey and privateKey inline as PEM text (as in browsers) as well as file paths; a private key inline as publicKey is refused at its field', async () => {
    const publicPem = publicKey.export({ format: 'pem', type: 'spki' }) as string;
    const privatePem = privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
    expect(rawRsaProvider.parse({ ...base, publicKey: publicPem }, 'keyring').publicKey).toEqual({ pem: publicPem, at: 'keyring.publicKey' });
    expect(rawRsaProvider.parse({ ...base, publicKey: 'escrow.pub.pem' }, 'keyring').publicKey).toEqual({ file: 'escrow.pub.pem', at: 'keyring.publicKey' });
    const writer = await build({ publicKey: publicPem });
    expect(writer.canDecrypt).toBe(false);
    const e = await writer.onEncrypt({ suite, encryptionContext: {}, encryptedDataKeys: [] });
    const reader = await build({ publicKey: publicPem, privateKey: `\n${privatePem}` });
    const d = await reader.onDecrypt({ suite, encryptionContext: {} }, e.encryptedDataKeys);
    expect(Buffer.from(d.plaintextDataKey!).equals(Buffer.from(e.plaintextDataKey!))).toBe(true);
    await expect(build({ publicKey: privatePem })).rejects.toMatchObject({ name: 'ConfigError', path: 'keyring.publicKey', message: expect.stringContaining('is a private key') });
    await expect(build({ privateKey: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n' })).rejects.toMatchObject({ name: 'ConfigError', path: 'keyring.privateKey' });
  });

  it.each([
    [{ padding: 'oaep-md5', publicKey: 'x' }, 'keyring.padding', /must be one of "oaep-sha1", "oaep-sha256", "oaep-sha384", "oaep-sha512", "pkcs1"/],
    [{ keyName: undefined, publicKey: 'x' }, 'keyring.keyName', /missing/],
    [{}, 'keyring', /publicKey, privateKey or pkcs12/],
    [{ pkcs12: 'a.p12' }, 'keyring.passphraseEnv', /passphraseEnv/],
    [{ pkcs12: 'a.p12', privateKey: 'b', passphraseEnv: 'X' }, 'keyring.pkcs12', /cannot be combined/],
    [{ publicKey: 'x', pubKey: 'y' }, 'keyring.pubKey', /unknown field/],
  ])('parse names the JSON path of a bad field (%j)', (cfg, where, message) => {
    let err: unknown;
    try {
      rawRsaProvider.parse({ ...base, ...cfg }, 'keyring');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).path).toBe(where);
    expect((err as ConfigError).message).toMatch(message);
  });

  it.each([
    [{ publicKey: 'missing.pem' }, {}, 'keyring.publicKey'],
    [{ publicKey: 'escrow.p12' }, {}, 'keyring.publicKey'],
    [{ privateKey: 'escrow.enc.pem', passphraseEnv: 'ESCROW_PASS' }, { ESCROW_PASS: 'wrong' }, 'keyring.privateKey'],
    [{ privateKey: 'escrow.enc.pem', passphraseEnv: 'ESCROW_PASS' }, {}, 'keyring.passphraseEnv'],
    [{ privateKey: 'escrow.enc.pem' }, {}, 'keyring.privateKey'],
    [{ pkcs12: 'escrow.p12', passphraseEnv: 'P12_PASS' }, { P12_PASS: 'wrong' }, 'keyring.pkcs12'],
  ])('create names the field of a key that cannot be loaded (%j)', async (cfg, env, where) => {
    const err = await build(cfg, env).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).path).toBe(where);
  });
});

describe('rawRsaProvider refuses a private key as publicKey (issue 19)', () => {
  it.each(['escrow.pem', 'escrow.der', 'escrow.enc.pem'])('%s given as publicKey is a ConfigError naming keyring.publicKey', async (file) => {
    const err = await build({ publicKey: file }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).path).toBe('keyring.publicKey');
    expect((err as ConfigError).message).toMatch(/private key/);
  });
});
