// Issue 14 item 6: legacy PKCS#1 v1.5 decryption must not be a padding oracle. With
// allowPkcs1Decrypt, a random EDK (invalid padding) and a valid encryption of a wrong data key
// must fail with the same error, on runtimes with and without node:crypto's implicit rejection.
import { Buffer } from 'node:buffer';
import { constants, publicEncrypt, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decrypt, encrypt, EnvelopeError, type EncryptionMaterials, type Keyring } from '@envelope/core';
import { RawRsaKeyring } from '@envelope/keyring-raw-rsa';
import { nodeHasImplicitRejection, pkcs1Unwrapper } from '../../src/internal/pkcs1_unwrap.js';
import { rsaPair } from '../fixtures.js';

const { publicKey, privateKey } = rsaPair();
const other = rsaPair();
const NAME = 'escrow-legacy';
const pkcs1 = (data: Uint8Array): Buffer => publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, data);

/** A writer that puts `ciphertext` in the escrow EDK slot, whatever data key the message uses. */
function forgedEdkWriter(ciphertext: Uint8Array): Keyring {
  return {
    async onEncrypt(m: EncryptionMaterials) {
      const plaintextDataKey = m.plaintextDataKey ?? randomBytes(m.suite.keyLength);
      return { ...m, plaintextDataKey, encryptedDataKeys: [...m.encryptedDataKeys, { providerId: 'escrow', providerInfo: Buffer.from(NAME), ciphertext }] };
    },
    async onDecrypt(m) {
      return m;
    },
  };
}

const reader = new RawRsaKeyring({ keyNamespace: 'escrow', keyName: NAME, privateKey, padding: 'pkcs1', allowPkcs1Decrypt: true });

async function errorCode(edkCiphertext: Uint8Array, suiteId: number): Promise<string> {
  const legacy = suiteId < 0x0400;
  const { ciphertext } = await encrypt(forgedEdkWriter(edkCiphertext), 'escrowed', { suiteId, ...(legacy ? { commitmentPolicy: 'forbid-encrypt-allow-decrypt' as const } : {}) });
  const err = await decrypt(reader, ciphertext, legacy ? { commitmentPolicy: 'require-encrypt-allow-decrypt' } : {}).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EnvelopeError);
  return (err as EnvelopeError).code;
}

describe('PKCS#1 v1.5 decryption without a padding oracle', () => {
  it.each([['0x0478', 0x0478], ['0x0578', 0x0578], ['0x0178', 0x0178], ['0x0014', 0x0014]] as const)('suite %s: random EDKs and valid encryptions of wrong keys give one error code', async (_name, suiteId) => {
    const cases: [string, Uint8Array][] = [
      ['random, modulus length', randomBytes(256)],
      ['random, modulus length (2)', randomBytes(256)],
      ['random, modulus length (3)', randomBytes(256)],
      ['random, short', randomBytes(100)],
      ['empty', new Uint8Array(0)],
      ['valid pkcs1, wrong 32-byte key', pkcs1(randomBytes(32))],
      ['valid pkcs1, wrong 16-byte key', pkcs1(randomBytes(16))],
      ['valid pkcs1, 0 bytes', pkcs1(new Uint8Array(0))],
      ['oaep under the right key', publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, randomBytes(32))],
      ['pkcs1 under another key', publicEncrypt({ key: other.publicKey, padding: constants.RSA_PKCS1_PADDING }, randomBytes(32))],
    ];
    const codes = new Map<string, string>();
    for (const [label, ct] of cases) codes.set(label, await errorCode(ct, suiteId));
    expect(new Set(codes.values()).size, JSON.stringify(Object.fromEntries(codes))).toBe(1);
  });

  it('a valid EDK still opens the message', async () => {
    const writer = new RawRsaKeyring({ keyNamespace: 'escrow', keyName: NAME, publicKey, padding: 'pkcs1' });
    const { ciphertext } = await encrypt(writer, 'escrowed');
    expect(Buffer.from((await decrypt(reader, ciphertext)).plaintext).toString()).toBe('escrowed');
  });

  it('the unwrapper always answers keyLength bytes, the same for the same ciphertext, whichever decrypter is in use', () => {
    const unwrap = pkcs1Unwrapper(privateKey);
    expect(typeof nodeHasImplicitRejection(privateKey)).toBe('boolean');
    const key = randomBytes(24);
    expect(unwrap(pkcs1(key), 24).equals(key)).toBe(true);
    const junk = randomBytes(256);
    const a = unwrap(junk, 32);
    expect(a).toHaveLength(32);
    expect(unwrap(junk, 32).equals(a)).toBe(true);
    expect(unwrap(randomBytes(256), 32).equals(a)).toBe(false);
    expect(unwrap(pkcs1(key), 32)).toHaveLength(32); // right padding, wrong length: synthetic
    expect(unwrap(pkcs1(key), 32).equals(Buffer.concat([key, Buffer.alloc(8)]))).toBe(false);
  });
});
