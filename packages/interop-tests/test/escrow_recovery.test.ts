// Issue 7, escrow-only decrypt: a message wrapped under KMS keys in two regions plus the escrow
// public key opens, once all of KMS is gone, with a keyring that holds only the escrow private key,
// loaded the way the README's recovery step says (encrypted PKCS#8 file + passphrase from the
// environment, through rawRsaProvider). The ESDK's raw RSA keyring recovers it too.
import { Buffer } from 'node:buffer';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decrypt, encrypt, type ProviderContext } from '@envelope/core';
import { KmsKeyring } from '@envelope/keyring-kms';
import { MultiKeyring } from '@envelope/keyring-multi';
import { generateRsaKeyPair, loadRsaPrivateKey, RawRsaKeyring, rawRsaProvider } from '@envelope/keyring-raw-rsa';
import { createMultiRegionKey, startKmsLocal, type KmsLocal, type MultiRegionKey } from '@envelope/kms-local';
import { esdkRawRsa, esdkRequire } from './helpers/esdk.js';

const REGIONS = ['us-east-1', 'eu-west-1'];
let local: KmsLocal | undefined;
let mrk: MultiRegionKey;
const dir = mkdtempSync(path.join(tmpdir(), 'escrow-'));
let publicKeyPem: string;
let privateKeyPem: string;

beforeAll(async () => {
  [local, { publicKeyPem, privateKeyPem }] = await Promise.all([startKmsLocal({ regions: REGIONS }), generateRsaKeyPair({ bits: 2048, passphrase: 'escrow pass' })]);
  mrk = await createMultiRegionKey(local, { primaryRegion: 'us-east-1', replicaRegions: ['eu-west-1'] });
  writeFileSync(path.join(dir, 'escrow.pem'), privateKeyPem, { mode: 0o600 });
}, 120_000);
afterAll(async () => {
  await local?.close();
});

describe('escrow recovery', () => {
  it('KMS (2 regions) + escrow public key → decrypt with the escrow private key alone after KMS is gone', async () => {
    const kms = new KmsKeyring({ generatorKeyId: mrk.arns['us-east-1'], keyIds: [mrk.arns['eu-west-1']!], endpoints: local!.endpoints, credentials: local!.credentials, timeoutMs: 2000 });
    const escrowPublic = new RawRsaKeyring({ keyNamespace: 'escrow', keyName: 'escrow-2026', publicKey: publicKeyPem, padding: 'oaep-sha256' });
    const plaintext = Buffer.from('the last line of defence');
    const { ciphertext, header } = await encrypt(new MultiKeyring({ generator: kms, children: [escrowPublic] }), plaintext, { encryptionContext: { app: 'recovery' } });
    expect(header.encryptedDataKeys.map((e) => e.providerId)).toEqual(['aws-kms', 'aws-kms', 'escrow']);

    await local!.close();
    local = undefined;
    await expect(decrypt(kms, ciphertext)).rejects.toThrow();

    const context: ProviderContext = { build: () => Promise.reject(new Error('none')), baseDir: dir, kms: {}, env: { ESCROW_PASS: 'escrow pass' }, services: { get: () => { throw new Error('no services in this test'); } } };
    const config = rawRsaProvider.parse(
      { type: 'raw-rsa', keyNamespace: 'escrow', keyName: 'escrow-2026', padding: 'oaep-sha256', privateKey: 'escrow.pem', passphraseEnv: 'ESCROW_PASS' },
      'keyring',
    );
    const recovery = await rawRsaProvider.create(config, context);
    const out = await decrypt(recovery, ciphertext);
    expect(Buffer.from(out.plaintext).equals(plaintext)).toBe(true);
    expect(out.decryptedBy).toEqual({ providerId: 'escrow', keyId: 'escrow/escrow-2026' });

    const esdkEscrow = esdkRawRsa('escrow', 'escrow-2026', 'oaep-sha256', {
      privateKey: loadRsaPrivateKey(privateKeyPem, { passphrase: 'escrow pass' }).export({ format: 'pem', type: 'pkcs8' }).toString(),
    });
    expect(Buffer.from((await esdkRequire.decrypt(esdkEscrow, ciphertext)).plaintext).equals(plaintext)).toBe(true);
  });
});
