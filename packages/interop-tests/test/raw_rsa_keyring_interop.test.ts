// Raw RSA interop with the AWS ESDK (issue 7): every padding, 2048 and 4096 bits, alone and inside
// a multi keyring with raw AES. Here our keyrings run inside ESDK messages (OurKeyringInEsdk), so
// the wrapping is checked against the ESDK's own RawRsaKeyringNode independently of our format code.
// pkcs1: the ESDK for JS decrypts it only where node:crypto does (OpenSSL with implicit rejection;
// elsewhere node:crypto refuses since CVE-2023-46809), so Envelope → ESDK for pkcs1 is checked to
// succeed there and to be refused elsewhere. Our pkcs1 readers opt in with allowPkcs1Decrypt.
import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MultiKeyringNode } from '@aws-crypto/client-node';
import { RawAesKeyring } from '@envelope/keyring-raw-aes';
import { MultiKeyring } from '@envelope/keyring-multi';
import { RawRsaKeyring, RSA_PADDINGS } from '@envelope/keyring-raw-rsa';
import { esdkFor, esdkRawAes, esdkRawRsa, nodeDecryptsPkcs1 } from './helpers/esdk.js';
import { OurKeyringInEsdk } from './helpers/esdk_adapter.js';
import { rsaKeysForFile } from './helpers/rsa_keys.js';

const keys = rsaKeysForFile();

const plaintext = randomBytes(3000);
const encryptionContext = { app: 'escrow-test' };
const SUITE = 0x0578;
const { client } = esdkFor(SUITE);

describe.each([2048, 4096])('raw RSA %i-bit ↔ ESDK RawRsaKeyringNode', (bits) => {
  it.each(RSA_PADDINGS)('%s: ESDK encrypts → Envelope keyring decrypts; Envelope encrypts → ESDK decrypts (pkcs1: where node:crypto can)', async (padding) => {
    const k = keys[bits]!;
    const theirs = esdkRawRsa('escrow', `escrow-${bits}`, padding, k);
    const ours = new RawRsaKeyring({ keyNamespace: 'escrow', keyName: `escrow-${bits}`, publicKey: k.publicKey, privateKey: k.privateKey, padding, allowPkcs1Decrypt: true });
    const a = await client.encrypt(theirs, plaintext, { suiteId: SUITE, encryptionContext });
    expect(Buffer.from((await client.decrypt(new OurKeyringInEsdk(ours), a.result)).plaintext).equals(plaintext)).toBe(true);

    const b = await client.encrypt(new OurKeyringInEsdk(ours), plaintext, { suiteId: SUITE, encryptionContext });
    if (padding === 'pkcs1' && !nodeDecryptsPkcs1) {
      // A limitation of the ESDK for JS where node:crypto refuses pkcs1, not of Envelope.
      await expect(client.decrypt(theirs, b.result)).rejects.toThrow();
      expect(Buffer.from((await client.decrypt(new OurKeyringInEsdk(ours), b.result)).plaintext).equals(plaintext)).toBe(true);
    } else {
      expect(Buffer.from((await client.decrypt(theirs, b.result)).plaintext).equals(plaintext)).toBe(true);
    }
  });

  it.each(RSA_PADDINGS)('%s inside a multi keyring with raw AES: escrow-only and AES-only decrypt both ways', async (padding) => {
    const k = keys[bits]!;
    const aesKey = randomBytes(32);
    const esdkMulti = new MultiKeyringNode({
      generator: esdkRawAes('app', 'aes-1', aesKey),
      children: [esdkRawRsa('escrow', `escrow-${bits}`, padding, { publicKey: k.publicKey })],
    });
    const ourAes = new RawAesKeyring({ keyNamespace: 'app', keyName: 'aes-1', wrappingKey: aesKey });
    const ourEscrowPublic = new RawRsaKeyring({ keyNamespace: 'escrow', keyName: `escrow-${bits}`, publicKey: k.publicKey, padding });
    const ourEscrowPrivate = new RawRsaKeyring({ keyNamespace: 'escrow', keyName: `escrow-${bits}`, privateKey: k.privateKey, padding, allowPkcs1Decrypt: true });
    const ourMulti = new MultiKeyring({ generator: ourAes, children: [ourEscrowPublic] });

    // ESDK multi → each of our single keys opens it.
    const a = await client.encrypt(esdkMulti, plaintext, { suiteId: SUITE, encryptionContext });
    expect(a.messageHeader.encryptedDataKeys.map((e) => e.providerId)).toEqual(['app', 'escrow']);
    for (const single of [ourAes, ourEscrowPrivate]) {
      expect(Buffer.from((await client.decrypt(new OurKeyringInEsdk(single), a.result)).plaintext).equals(plaintext)).toBe(true);
    }
    // Our multi → the ESDK's single keys open it (escrow-only through the ESDK, pkcs1 where node:crypto can).
    const b = await client.encrypt(new OurKeyringInEsdk(ourMulti), plaintext, { suiteId: SUITE, encryptionContext });
    expect(b.messageHeader.encryptedDataKeys.map((e) => e.providerId)).toEqual(['app', 'escrow']);
    expect(Buffer.from((await client.decrypt(esdkRawAes('app', 'aes-1', aesKey), b.result)).plaintext).equals(plaintext)).toBe(true);
    const escrowOnly = padding === 'pkcs1' && !nodeDecryptsPkcs1 ? new OurKeyringInEsdk(ourEscrowPrivate) : esdkRawRsa('escrow', `escrow-${bits}`, padding, { privateKey: k.privateKey });
    expect(Buffer.from((await client.decrypt(escrowOnly, b.result)).plaintext).equals(plaintext)).toBe(true);
  });
});
