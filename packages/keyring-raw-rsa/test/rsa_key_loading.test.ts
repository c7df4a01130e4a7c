import { Buffer } from 'node:buffer';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@envelope/core';
import { loadPkcs12, loadRsaPrivateKey, loadRsaPublicKey } from '@envelope/keyring-raw-rsa';
import { pkcs12Der, rsaPair, selfSignedCertPem } from './fixtures.js';

const { publicKey, privateKey } = rsaPair();
const spki = publicKey.export({ format: 'der', type: 'spki' });
const certPem = selfSignedCertPem(privateKey, publicKey);
const same = (k: { export(o: { format: 'der'; type: 'spki' }): Buffer }) => k.export({ format: 'der', type: 'spki' }).equals(spki);

describe('loadRsaPublicKey', () => {
  it.each([
    ['SPKI PEM', publicKey.export({ format: 'pem', type: 'spki' }).toString()],
    ['PKCS#1 public PEM', publicKey.export({ format: 'pem', type: 'pkcs1' }).toString()],
    ['SPKI DER', publicKey.export({ format: 'der', type: 'spki' })],
    ['PKCS#1 public DER', publicKey.export({ format: 'der', type: 'pkcs1' })],
    ['X.509 PEM', certPem],
    ['X.509 DER', new X509Certificate(certPem).raw],
    ['private PKCS#8 PEM', privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()],
    ['private PKCS#1 DER', privateKey.export({ format: 'der', type: 'pkcs1' })],
    ['KeyObject', publicKey],
  ])('loads %s', (_name, input) => {
    expect(same(loadRsaPublicKey(input))).toBe(true);
  });

  it('refuses garbage, a truncated PEM, a non-RSA key and a key under 2048 bits with ConfigError', () => {
    const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    for (const bad of [pem.slice(0, pem.length / 2), 'hello', new Uint8Array([1, 2, 3]), ec, small.export({ format: 'pem', type: 'spki' }).toString()]) {
      expect(() => loadRsaPublicKey(bad)).toThrow(ConfigError);
    }
    expect(() => loadRsaPublicKey(small)).toThrow(/1024-bit RSA; at least 2048/);
    expect(() => loadRsaPublicKey(ec)).toThrow(/not an RSA key/);
  });
});

describe('loadRsaPrivateKey', () => {
  const encPem = privateKey.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'correct horse' }).toString();
  it.each([
    ['PKCS#1 PEM', privateKey.export({ format: 'pem', type: 'pkcs1' }).toString(), undefined],
    ['PKCS#8 PEM', privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), undefined],
    ['encrypted PKCS#8 PEM', encPem, 'correct horse'],
    ['PKCS#8 DER', privateKey.export({ format: 'der', type: 'pkcs8' }), undefined],
    ['PKCS#1 DER', privateKey.export({ format: 'der', type: 'pkcs1' }), undefined],
    ['encrypted PKCS#8 DER', privateKey.export({ format: 'der', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'pw' }), 'pw'],
  ])('loads %s', (_name, input, passphrase) => {
    const k = loadRsaPrivateKey(input, passphrase !== undefined ? { passphrase } : {});
    expect(k.type).toBe('private');
    expect(k.export({ format: 'der', type: 'pkcs8' }).equals(privateKey.export({ format: 'der', type: 'pkcs8' }))).toBe(true);
  });

  it('gives ConfigError for a wrong or missing passphrase and a truncated PEM, never quoting the key', () => {
    const pk1 = privateKey.export({ format: 'pem', type: 'pkcs1' }).toString();
    const cases: Array<() => unknown> = [
      () => loadRsaPrivateKey(encPem, { passphrase: 'wrong' }),
      () => loadRsaPrivateKey(encPem),
      () => loadRsaPrivateKey(pk1.slice(0, 400)),
      () => loadRsaPrivateKey(publicKey),
      () => loadRsaPrivateKey(publicKey.export({ format: 'pem', type: 'spki' }).toString()),
      () => loadRsaPrivateKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey),
    ];
    for (const c of cases) {
      let err: unknown;
      try {
        c();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ConfigError);
      const text = `${(err as Error).message} ${String((err as Error).cause ?? '')}`;
      expect(text).not.toContain(pk1.split('\n')[2]!);
    }
    expect(() => loadRsaPrivateKey(encPem, { passphrase: 'wrong' })).toThrow(/wrong passphrase/);
  });
});

describe('loadPkcs12', () => {
  it('loads the private key of a .p12 with its passphrase', () => {
    const keys = loadPkcs12(pkcs12Der(privateKey, certPem, 'p12-pass'), 'p12-pass');
    expect(keys.privateKey?.export({ format: 'der', type: 'pkcs8' }).equals(privateKey.export({ format: 'der', type: 'pkcs8' }))).toBe(true);
    expect(same(keys.publicKey)).toBe(true);
  });

  it('takes the public key from the certificate when the file has no private key', () => {
    const keys = loadPkcs12(pkcs12Der(null, certPem, 'p'), 'p');
    expect(keys.privateKey).toBeUndefined();
    expect(same(keys.publicKey)).toBe(true);
  });

  it('gives ConfigError for a wrong passphrase or a damaged file', () => {
    const der = pkcs12Der(privateKey, certPem, 'p12-pass');
    expect(() => loadPkcs12(der, 'nope')).toThrow(ConfigError);
    expect(() => loadPkcs12(der.subarray(0, 100), 'p12-pass')).toThrow(ConfigError);
    expect(() => loadPkcs12(Buffer.from('not a p12'), 'p12-pass')).toThrow(ConfigError);
  });
});
