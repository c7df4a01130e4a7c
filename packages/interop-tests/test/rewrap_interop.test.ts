// Issue 16: a message written under A (KMS in 2 regions + escrow1) and rewrapped by Envelope to B
// (KMS in 3 regions + escrow2) opens in the AWS ESDK with escrow2 alone, and not with escrow1.
// v1 suites too: the rewrapped v1 header carries a fresh header auth IV, which the ESDK reads from it.
// v2 suites: the rewrap has a new message id and its body sealed again under the new message key.
import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encrypt, rewrap, type CommitmentPolicy } from '@envelope/core';
import { KmsKeyring } from '@envelope/keyring-kms';
import { MultiKeyring } from '@envelope/keyring-multi';
import { generateRsaKeyPair, RawRsaKeyring } from '@envelope/keyring-raw-rsa';
import { createMultiRegionKey, startKmsLocal, type KmsLocal, type MultiRegionKey } from '@envelope/kms-local';
import { esdkFor, esdkRawRsa } from './helpers/esdk.js';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
let local: KmsLocal;
let mrk: MultiRegionKey;
const pems: { publicKeyPem: string; privateKeyPem: string }[] = [];

const kms = (regions: string[]) =>
  new KmsKeyring({ generatorKeyId: mrk.arns[regions[0]!], keyIds: regions.slice(1).map((r) => mrk.arns[r]!), endpoints: local.endpoints, credentials: local.credentials, timeoutMs: 2000 });
const escrow = (i: 0 | 1) => new RawRsaKeyring({ keyNamespace: 'escrow', keyName: `escrow${i + 1}`, publicKey: pems[i]!.publicKeyPem, privateKey: pems[i]!.privateKeyPem, padding: 'oaep-sha256' });

beforeAll(async () => {
  local = await startKmsLocal({ regions: REGIONS });
  mrk = await createMultiRegionKey(local, { primaryRegion: 'us-east-1', replicaRegions: ['eu-west-1', 'ap-southeast-2'] });
  for (let i = 0; i < 2; i++) pems.push(await generateRsaKeyPair({ bits: 2048 }));
}, 120_000);
afterAll(async () => {
  await local?.close();
});

describe('rewrap → @aws-crypto/client-node', () => {
  for (const suiteId of [0x0478, 0x0578, 0x0178, 0x0378]) {
    it(`suite 0x${suiteId.toString(16).padStart(4, '0')}: the ESDK opens the rewrapped message with escrow2 alone, not with escrow1`, async () => {
      const committing = suiteId >= 0x0478;
      const policy: CommitmentPolicy = committing ? 'require-encrypt-require-decrypt' : 'forbid-encrypt-allow-decrypt';
      const A = new MultiKeyring({ generator: kms(['us-east-1', 'eu-west-1']), children: [escrow(0)] });
      const B = new MultiKeyring({ generator: kms(REGIONS), children: [escrow(1)] });
      const plaintext = randomBytes(300_000);
      const old = await encrypt(A, plaintext, { suiteId, commitmentPolicy: policy, encryptionContext: { app: 'interop' } });
      const r = await rewrap(old.ciphertext, { from: A, to: B, commitmentPolicy: committing ? policy : 'require-encrypt-allow-decrypt' });
      const esdk = esdkFor(suiteId).client;
      const escrow2 = esdkRawRsa('escrow', 'escrow2', 'oaep-sha256', { privateKey: pems[1]!.privateKeyPem });
      const out = await esdk.decrypt(escrow2, r.ciphertext);
      expect(Buffer.from(out.plaintext).equals(plaintext)).toBe(true);
      // v2: a new message id (the body sealed again under its key); v1: the same id and body.
      expect(Buffer.from(out.messageHeader.messageId).equals(Buffer.from(old.header.messageId))).toBe(!committing);
      expect(Buffer.from(out.messageHeader.messageId).equals(Buffer.from(r.header.messageId))).toBe(true);
      expect(out.messageHeader.encryptionContext['app']).toBe('interop');
      const escrow1 = esdkRawRsa('escrow', 'escrow1', 'oaep-sha256', { privateKey: pems[0]!.privateKeyPem });
      await expect(esdk.decrypt(escrow1, r.ciphertext)).rejects.toThrow();
    }, 120_000);
  }
});
