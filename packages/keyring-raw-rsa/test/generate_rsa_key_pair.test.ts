import { describe, expect, it } from 'vitest';
import { ConfigError } from '@envelope/core';
import { generateRsaKeyPair, loadRsaPrivateKey, loadRsaPublicKey } from '@envelope/keyring-raw-rsa';

describe('generateRsaKeyPair', () => {
  it('returns SPKI and PKCS#8 PEMs of the requested size that load back', async () => {
    const { publicKeyPem, privateKeyPem } = await generateRsaKeyPair({ bits: 2048 });
    expect(publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(loadRsaPublicKey(publicKeyPem).asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(loadRsaPrivateKey(privateKeyPem).asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it('encrypts the private key PEM when given a passphrase', async () => {
    const { privateKeyPem } = await generateRsaKeyPair({ bits: 2048, passphrase: 'pw' });
    expect(privateKeyPem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    expect(() => loadRsaPrivateKey(privateKeyPem)).toThrow(ConfigError);
    expect(loadRsaPrivateKey(privateKeyPem, { passphrase: 'pw' }).type).toBe('private');
  });

  it('refuses sizes under 2048 bits', async () => {
    await expect(generateRsaKeyPair({ bits: 1024 })).rejects.toBeInstanceOf(ConfigError);
  });
});
