import { describe, expect, it } from 'vitest';
import {
  encrypt, decrypt, SUITE_IDS, EnvelopeError, AuthenticationError, TruncatedMessageError, NoKeyDecryptedError,
  CommitmentPolicyError, CommitmentMismatchError, EncryptionContextError, KeyringError, type Keyring, type EncryptionMaterials,
} from '@envelope/core';
import { fixedKeyring, policyFor, random, readPolicy } from './helpers.js';

describe('round trips', () => {
  for (const suiteId of SUITE_IDS) {
    it(`suite 0x${suiteId.toString(16).padStart(4, '0')}: framed sizes around the frame, and non-framed`, async () => {
      const k = fixedKeyring();
      for (const frameLength of [0, 1, 64]) {
        for (const size of frameLength === 1 ? [0, 1, 2, 7] : [0, 1, 63, 64, 65, 200]) {
          const pt = random(size);
          const { ciphertext, header } = await encrypt(k, pt, { suiteId, frameLength, commitmentPolicy: policyFor(suiteId), encryptionContext: { a: 'b' } });
          expect(header.contentType).toBe(frameLength ? 'framed' : 'non-framed');
          const out = await decrypt(k, ciphertext, { commitmentPolicy: readPolicy, encryptionContext: { a: 'b' } });
          expect(Buffer.from(out.plaintext).equals(pt)).toBe(true);
          expect(out.header.messageId).toEqual(header.messageId);
        }
      }
    });
  }
  it('strings are UTF-8; defaults are suite 0x0578 and 4096-byte frames', async () => {
    const k = fixedKeyring();
    const { ciphertext, header } = await encrypt(k, 'grüße 🌍');
    expect(header.suiteId).toBe(0x0578);
    expect(header.frameLength).toBe(4096);
    expect(Buffer.from((await decrypt(k, ciphertext)).plaintext).toString()).toBe('grüße 🌍');
  });
});

describe('bad input never yields plaintext', () => {
  for (const suiteId of SUITE_IDS) {
    it(`suite 0x${suiteId.toString(16).padStart(4, '0')}: every byte flipped, every prefix`, async () => {
      const k = fixedKeyring();
      const { ciphertext } = await encrypt(k, random(40), { suiteId, frameLength: 16, commitmentPolicy: policyFor(suiteId), encryptionContext: { c: 'd' } });
      for (let i = 0; i < ciphertext.length; i++) {
        const t = Buffer.from(ciphertext);
        t[i]! ^= 0x01;
        const r = await decrypt(k, t, { commitmentPolicy: readPolicy }).then(() => 'PLAINTEXT', (e: unknown) => e);
        expect(r, `byte ${i}`).toBeInstanceOf(EnvelopeError);
      }
      for (let n = 0; n < ciphertext.length; n++) {
        const r = await decrypt(k, ciphertext.subarray(0, n), { commitmentPolicy: readPolicy }).then(() => 'PLAINTEXT', (e: unknown) => e);
        expect(r, `prefix ${n}`).toBeInstanceOf(EnvelopeError);
      }
      const trailing = await decrypt(k, Buffer.concat([ciphertext, Buffer.from([0])]), { commitmentPolicy: readPolicy }).catch((e: unknown) => e);
      expect(trailing).toBeInstanceOf(EnvelopeError);
    });
  }
  it('a cut-off message is a TruncatedMessageError; a changed body byte an AuthenticationError', async () => {
    const k = fixedKeyring();
    const { ciphertext } = await encrypt(k, random(100), { suiteId: 0x0478, frameLength: 32 });
    await expect(decrypt(k, ciphertext.subarray(0, ciphertext.length - 1))).rejects.toBeInstanceOf(TruncatedMessageError);
    const t = Buffer.from(ciphertext);
    t[t.length - 20]! ^= 0x80;
    await expect(decrypt(k, t)).rejects.toBeInstanceOf(AuthenticationError);
  });
  it('a wrong key: NoKeyDecryptedError when no keyring opens, CommitmentMismatchError when a wrong key is returned', async () => {
    const { ciphertext } = await encrypt(fixedKeyring('a', 1), 'x');
    await expect(decrypt(fixedKeyring('b', 1), ciphertext)).rejects.toBeInstanceOf(NoKeyDecryptedError);
    const liar: Keyring = { onEncrypt: async (m) => m, onDecrypt: async (m) => ({ ...m, plaintextDataKey: new Uint8Array(32).fill(2) }) };
    await expect(decrypt(liar, ciphertext)).rejects.toBeInstanceOf(CommitmentMismatchError);
    const v1 = await encrypt(fixedKeyring('a', 1), 'x', { suiteId: 0x0178, commitmentPolicy: 'forbid-encrypt-allow-decrypt' });
    await expect(decrypt(liar, v1.ciphertext, { commitmentPolicy: readPolicy })).rejects.toBeInstanceOf(AuthenticationError);
  });
});

describe('policies and rules', () => {
  it('commitment policy matrix', async () => {
    const k = fixedKeyring();
    await expect(encrypt(k, 'x', { suiteId: 0x0178 })).rejects.toBeInstanceOf(CommitmentPolicyError);
    await expect(encrypt(k, 'x', { suiteId: 0x0478, commitmentPolicy: 'forbid-encrypt-allow-decrypt' })).rejects.toBeInstanceOf(CommitmentPolicyError);
    const v1 = (await encrypt(k, 'x', { commitmentPolicy: 'forbid-encrypt-allow-decrypt' })).ciphertext;
    expect((await decrypt(k, v1, { commitmentPolicy: 'forbid-encrypt-allow-decrypt' })).header.suiteId).toBe(0x0378);
    expect((await decrypt(k, v1, { commitmentPolicy: 'require-encrypt-allow-decrypt' })).header.version).toBe(1);
    await expect(decrypt(k, v1)).rejects.toBeInstanceOf(CommitmentPolicyError);
    const v2 = (await encrypt(k, 'x', { commitmentPolicy: 'require-encrypt-allow-decrypt' })).ciphertext;
    expect((await decrypt(k, v2)).header.suiteId).toBe(0x0578);
  });
  it('encryption context: reserved prefix refused; required pairs checked on decrypt; signing key added', async () => {
    const k = fixedKeyring();
    await expect(encrypt(k, 'x', { encryptionContext: { 'aws-crypto-x': 'y' } })).rejects.toBeInstanceOf(EncryptionContextError);
    const { ciphertext, header } = await encrypt(k, 'x', { encryptionContext: { tenant: 'a' } });
    expect(header.encryptionContext['aws-crypto-public-key']).toMatch(/^[A-Za-z0-9+/]{66}==$/);
    await expect(decrypt(k, ciphertext, { encryptionContext: { tenant: 'b' } })).rejects.toBeInstanceOf(EncryptionContextError);
    await expect(decrypt(k, ciphertext, { encryptionContext: { other: 'a' } })).rejects.toBeInstanceOf(EncryptionContextError);
    expect((await decrypt(k, ciphertext, { encryptionContext: { tenant: 'a' } })).header.encryptionContext['tenant']).toBe('a');
  });
  it('maxEncryptedDataKeys on both sides; a keyring returning no EDK or a short key is refused', async () => {
    const k = fixedKeyring();
    const two: Keyring = { onEncrypt: async (m: EncryptionMaterials) => k.onEncrypt(await k.onEncrypt(m)), onDecrypt: k.onDecrypt };
    await expect(encrypt(two, 'x', { maxEncryptedDataKeys: 1 })).rejects.toThrow(/maxEncryptedDataKeys/);
    const { ciphertext } = await encrypt(two, 'x');
    await expect(decrypt(k, ciphertext, { maxEncryptedDataKeys: 1 })).rejects.toThrow(/maxEncryptedDataKeys/);
    const noEdk: Keyring = { onEncrypt: async (m) => ({ ...m, plaintextDataKey: new Uint8Array(32) }), onDecrypt: async (m) => m };
    await expect(encrypt(noEdk, 'x')).rejects.toBeInstanceOf(KeyringError);
    const shortKey: Keyring = { onEncrypt: async (m) => ({ ...m, plaintextDataKey: new Uint8Array(16), encryptedDataKeys: [{ providerId: 'p', providerInfo: new Uint8Array(), ciphertext: new Uint8Array() }] }), onDecrypt: async (m) => m };
    await expect(encrypt(shortKey, 'x')).rejects.toBeInstanceOf(KeyringError);
  });
});

describe('key wiping', () => {
  it('the data key buffer the keyring returned is zero once the message keys exist, on encrypt and decrypt', async () => {
    for (const suiteId of [0x0014, 0x0178, 0x0578]) {
      const k = fixedKeyring();
      const { ciphertext } = await encrypt(k, 'x', { suiteId, commitmentPolicy: policyFor(suiteId) });
      await decrypt(k, ciphertext, { commitmentPolicy: readPolicy });
      expect(k.returned).toHaveLength(2);
      for (const key of k.returned) expect(key.every((b) => b === 0)).toBe(true);
    }
  });
});
