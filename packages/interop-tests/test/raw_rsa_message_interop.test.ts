// Raw RSA escrow interop at message level (issue 7): Envelope's encrypt/decrypt against
// @aws-crypto/client-node, every padding, 2048 and 4096 bits (keys generated once for this file),
// alone and inside a multi keyring with raw AES, including escrow-only decrypt (a keyring holding
// only the escrow private key opens a message wrapped for AES + escrow). pkcs1: the ESDK for JS
// decrypts it only where node:crypto does (implicit rejection), so Envelope → ESDK is expected to
// work there and to be refused elsewhere; our pkcs1 readers opt in with allowPkcs1Decrypt.
// Our multi keyring is @envelope/keyring-multi's MultiKeyring.
import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MultiKeyringNode } from '@aws-crypto/client-node';
import { decrypt, encrypt } from '@envelope/core';
import { RawAesKeyring } from '@envelope/keyring-raw-aes';
import { MultiKeyring } from '@envelope/keyring-multi';
import { RawRsaKeyring, RSA_PADDINGS } from '@envelope/keyring-raw-rsa';
import { esdkRequire, esdkRawAes, esdkRawRsa, nodeDecryptsPkcs1 } from './helpers/esdk.js';
import { rsaKeysForFile } from './helpers/rsa_keys.js';

const keys = rsaKeysForFile();

const plaintext = randomBytes(10_000);
const encryptionContext = { app: 'escrow-test' };
const opts = { encryptionContext, frameLength: 4096 };

describe.each([2048, 4096])('raw RSA %i-bit messages: Envelope ↔ @aws-crypto/client-node', (bits) => {
  const name = `escrow-${bits}`;

  it.each(RSA_PADDINGS)('%s alone, both ways', async (padding) => {
    const k = keys[bits]!;
    const theirs = esdkRawRsa('escrow', name, padding, k);
    const writer = new RawRsaKeyring({ keyNamespace: 'escrow', keyName: name, publicKey: k.publicKey, padding });
    const reader = new RawRsaKeyring({ keyNamespace: 'escrow', keyName: name, privateKey: k.privateKey, padding, allowPkcs1Decrypt: true });

    const a = await esdkRequire.encrypt(theirs, plaintext, opts);
    const opened = await decrypt(reader, a.result);
    expect(Buffer.from(opened.plaintext).equals(plaintext)).toBe(true);
    expect(opened.decryptedBy).toEqual({ providerId: 'escrow', keyId: `escrow/${name}` });

    const b = await encrypt(writer, plaintext, opts);
    if (padding === 'pkcs1' && !nodeDecryptsPkcs1) {
      await expect(esdkRequire.decrypt(theirs, b.ciphertext)).rejects.toThrow();
    } else {
      expect(Buffer.from((await esdkRequire.decrypt(theirs, b.ciphertext)).plaintext).equals(plaintext)).toBe(true);
    }
    expect(Buffer.from((await decrypt(reader, b.ciphertext)).plaintext).equals(plaintext)).toBe(true);
  });

  it.each(RSA_PADDINGS)('%s in a multi keyring with raw AES; escrow-only decrypt both ways', async (padding) => {
    const k = keys[bits]!;
    const aesKey = randomBytes(32);
    const esdkMulti = new MultiKeyringNode({
      generator: esdkRawAes('app', 'aes-1', aesKey),
      children: [esdkRawRsa('escrow', name, padding, { publicKey: k.publicKey })],
    });
    const ourAes = new RawAesKeyring({ keyNamespace: 'app', keyName: 'aes-1', wrappingKey: aesKey });
    const escrowPublic = new RawRsaKeyring({ keyNamespace: 'escrow', keyName: name, publicKey: k.publicKey, padding });
    const escrowOnly = new RawRsaKeyring({ keyNamespace: 'escrow', keyName: name, privateKey: k.privateKey, padding, allowPkcs1Decrypt: true });

    const a = await esdkRequire.encrypt(esdkMulti, plaintext, opts);
    const viaEscrow = await decrypt(escrowOnly, a.result);
    expect(Buffer.from(viaEscrow.plaintext).equals(plaintext)).toBe(true);
    expect(viaEscrow.decryptedBy?.keyId).toBe(`escrow/${name}`);
    expect(Buffer.from((await decrypt(ourAes, a.result)).plaintext).equals(plaintext)).toBe(true);

    const b = await encrypt(new MultiKeyring({ generator: ourAes, children: [escrowPublic] }), plaintext, opts);
    expect(b.header.encryptedDataKeys.map((e) => e.providerId)).toEqual(['app', 'escrow']);
    expect(Buffer.from((await decrypt(escrowOnly, b.ciphertext)).plaintext).equals(plaintext)).toBe(true);
    // Recovery setup: the AES key is gone (a different key under the same name), the escrow key opens it.
    const lostAes = new RawAesKeyring({ keyNamespace: 'app', keyName: 'aes-1', wrappingKey: randomBytes(32) });
    const recovered = await decrypt(new MultiKeyring({ children: [lostAes, escrowOnly] }), a.result);
    expect(Buffer.from(recovered.plaintext).equals(plaintext)).toBe(true);
    expect(recovered.decryptedBy?.keyId).toBe(`escrow/${name}`);
    expect(Buffer.from((await esdkRequire.decrypt(esdkRawAes('app', 'aes-1', aesKey), b.ciphertext)).plaintext).equals(plaintext)).toBe(true);
    if (padding !== 'pkcs1' || nodeDecryptsPkcs1) {
      const esdkEscrowOnly = esdkRawRsa('escrow', name, padding, { privateKey: k.privateKey });
      expect(Buffer.from((await esdkRequire.decrypt(esdkEscrowOnly, b.ciphertext)).plaintext).equals(plaintext)).toBe(true);
    }
  });
});
