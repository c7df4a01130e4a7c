// Keyring-level interop with the AWS ESDK's raw AES keyring: each side wraps, the other unwraps,
// for every suite and wrapping key size; then whole ESDK messages with our keyring plugged into the
// ESDK (so the wrapping is proven inside real ESDK messages, independently of our own format code).
import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NodeAlgorithmSuite, NodeDecryptionMaterial, NodeEncryptionMaterial, unwrapDataKey } from '@aws-crypto/client-node';
import { SUITE_IDS, SUITES } from '@envelope/core';
import { RawAesKeyring } from '@envelope/keyring-raw-aes';
import { esdkFor, esdkRawAes } from './helpers/esdk.js';
import { fromEsdkEdk, OurKeyringInEsdk, toEsdkEdk } from './helpers/esdk_adapter.js';

const contexts = [{}, { purpose: 'interop', 'z-last': '1', a: 'first', 'ключ': 'значение', '\u{1F600}': 'emoji', '\uFFFD': 'bmp' }];

describe('raw AES keyring ↔ ESDK RawAesKeyringNode (keyring level)', () => {
  for (const keyLength of [16, 24, 32] as const) {
    const key = randomBytes(keyLength);
    const ours = new RawAesKeyring({ keyNamespace: 'interop-ns', keyName: `key-${keyLength}`, wrappingKey: key });
    const theirs = esdkRawAes('interop-ns', `key-${keyLength}`, key);

    it.each(SUITE_IDS.map((id) => [`0x${id.toString(16).padStart(4, '0')}`, id] as const))(`AES-${keyLength * 8}: suite %s both ways, with and without context`, async (_n, id) => {
      for (const ec of contexts) {
        // ESDK wraps → we unwrap
        const em = await theirs.onEncrypt(new NodeEncryptionMaterial(new NodeAlgorithmSuite(id), ec));
        const d = await ours.onDecrypt({ suite: SUITES[id], encryptionContext: ec }, em.encryptedDataKeys.map(fromEsdkEdk));
        expect(Buffer.from(d.plaintextDataKey!).equals(Buffer.from(unwrapDataKey(em.getUnencryptedDataKey())))).toBe(true);
        // we wrap → ESDK unwraps
        const e = await ours.onEncrypt({ suite: SUITES[id], encryptionContext: ec, encryptedDataKeys: [] });
        const dm = await theirs.onDecrypt(new NodeDecryptionMaterial(new NodeAlgorithmSuite(id), ec), e.encryptedDataKeys.map(toEsdkEdk));
        expect(Buffer.from(unwrapDataKey(dm.getUnencryptedDataKey())).equals(Buffer.from(e.plaintextDataKey!))).toBe(true);
      }
    });
  }

  it('neither side opens the other’s EDK under a different context', async () => {
    const key = randomBytes(32);
    const ours = new RawAesKeyring({ keyNamespace: 'ns', keyName: 'k', wrappingKey: key });
    const theirs = esdkRawAes('ns', 'k', key);
    const em = await theirs.onEncrypt(new NodeEncryptionMaterial(new NodeAlgorithmSuite(0x0478), { a: '1' }));
    await expect(ours.onDecrypt({ suite: SUITES[0x0478], encryptionContext: { a: '2' } }, em.encryptedDataKeys.map(fromEsdkEdk))).rejects.toThrow();
  });
});

describe('raw AES keyring inside ESDK messages', () => {
  const key = randomBytes(32);
  const ours = new OurKeyringInEsdk(new RawAesKeyring({ keyNamespace: 'ns', keyName: 'k', wrappingKey: key }));
  const theirs = esdkRawAes('ns', 'k', key);
  const plaintext = randomBytes(5000);
  it.each(SUITE_IDS.map((id) => [`0x${id.toString(16).padStart(4, '0')}`, id] as const))('suite %s: ESDK message wrapped by one keyring opens with the other', async (_n, id) => {
    const { client } = esdkFor(id);
    const encryptionContext = { tenant: 'acme', 'ключ': 'v' };
    const a = await client.encrypt(theirs, plaintext, { suiteId: id, encryptionContext, frameLength: 1024 });
    expect(Buffer.from((await client.decrypt(ours, a.result)).plaintext).equals(plaintext)).toBe(true);
    const b = await client.encrypt(ours, plaintext, { suiteId: id, encryptionContext, frameLength: 1024 });
    expect(Buffer.from((await client.decrypt(theirs, b.result)).plaintext).equals(plaintext)).toBe(true);
  });
});
