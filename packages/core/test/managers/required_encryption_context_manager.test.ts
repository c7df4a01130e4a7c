import { describe, expect, it } from 'vitest';
import { encrypt, decrypt, DefaultMaterialsManager, RequiredEncryptionContextManager, EncryptionContextError, InvalidArgumentError } from '@envelope/core';
import { fixedKeyring } from '../helpers.js';

describe('RequiredEncryptionContextManager', () => {
  const cmm = new RequiredEncryptionContextManager({ source: fixedKeyring(), requiredKeys: ['tenant', 'purpose'] });

  it('encrypt needs every required key', async () => {
    await expect(encrypt(cmm, 'x', { encryptionContext: { tenant: 'a' } })).rejects.toBeInstanceOf(EncryptionContextError);
    await expect(encrypt(cmm, 'x')).rejects.toThrow(/tenant/);
  });

  it('decrypt needs every required pair reproduced with the message value', async () => {
    const { ciphertext } = await encrypt(cmm, 'secret', { encryptionContext: { tenant: 'a', purpose: 'p', other: 'o' } });
    await expect(decrypt(cmm, ciphertext)).rejects.toBeInstanceOf(EncryptionContextError);
    await expect(decrypt(cmm, ciphertext, { encryptionContext: { tenant: 'a' } })).rejects.toBeInstanceOf(EncryptionContextError);
    await expect(decrypt(cmm, ciphertext, { encryptionContext: { tenant: 'b', purpose: 'p' } })).rejects.toBeInstanceOf(EncryptionContextError);
    const out = await decrypt(cmm, ciphertext, { encryptionContext: { tenant: 'a', purpose: 'p' } });
    expect(Buffer.from(out.plaintext).toString()).toBe('secret');
  });

  it('a source that drops a required pair is refused', async () => {
    const k = fixedKeyring();
    const inner = new DefaultMaterialsManager(k);
    const dropping = new RequiredEncryptionContextManager({
      source: { getEncryptionMaterials: async (r) => ({ ...(await inner.getEncryptionMaterials(r)), encryptionContext: {} }), decryptMaterials: (r) => inner.decryptMaterials(r) },
      requiredKeys: ['tenant'],
    });
    await expect(encrypt(dropping, 'x', { encryptionContext: { tenant: 'a' } })).rejects.toBeInstanceOf(EncryptionContextError);
    expect(k.returned.at(-1)!.every((b) => b === 0)).toBe(true);
  });

  it('options are checked', () => {
    for (const requiredKeys of [[], [''], ['aws-crypto-public-key'], 'tenant', [1]]) {
      expect(() => new RequiredEncryptionContextManager({ source: fixedKeyring(), requiredKeys: requiredKeys as never })).toThrow(InvalidArgumentError);
    }
  });
});
