// Issue 15: messages from Envelope's CachingMaterialsManager (shared data key and signing key)
// decrypt with @aws-crypto/client-node, and the ESDK's cached messages decrypt through Envelope's
// cache with one KMS Decrypt. kms-local, one region, real KMS clients on both sides.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KMS } from '@aws-sdk/client-kms';
import esdkPkg from '@aws-crypto/client-node';
import { encrypt, decrypt, CachingMaterialsManager } from '@envelope/core';
import { KmsKeyring } from '@envelope/keyring-kms';
import { startKmsLocal, createMultiRegionKey, type KmsLocal } from '@envelope/kms-local';

const { buildClient, CommitmentPolicy, KmsKeyringNode, NodeCachingMaterialsManager, getLocalCryptographicMaterialsCache } = esdkPkg;
const REGION = 'us-east-1';
const esdk = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
let local: KmsLocal;
let arn: string;
let ours: KmsKeyring;

const count = (op: string) => local.requests(REGION).filter((r) => r.operation === op).length;
const theirs = () => new KmsKeyringNode({ clientProvider: (region: string) => new KMS({ region, endpoint: local.endpoints[region], credentials: local.credentials, maxAttempts: 1 }), generatorKeyId: arn });

beforeAll(async () => {
  local = await startKmsLocal({ regions: [REGION] });
  arn = (await createMultiRegionKey(local, { primaryRegion: REGION, replicaRegions: [] })).arns[REGION]!;
  ours = new KmsKeyring({ generatorKeyId: arn, endpoints: local.endpoints, credentials: local.credentials, localRegion: REGION });
});
afterAll(async () => {
  ours.destroy();
  await local.close();
});

describe('caching interop with @aws-crypto/client-node', () => {
  it('100 concurrent cached encrypts (1 GenerateDataKey, signed default suite) all decrypt with the ESDK', async () => {
    const cmm = new CachingMaterialsManager({ source: ours, maxAgeMs: 60_000 });
    local.clearRequests();
    const msgs = await Promise.all(Array.from({ length: 100 }, (_, i) => encrypt(cmm, `cached ${i}`, { encryptionContext: { app: 'interop' } })));
    expect(count('GenerateDataKey')).toBe(1);
    expect(msgs[0]!.header.suiteId).toBe(0x0578);
    const k = theirs();
    for (const [i, m] of msgs.entries()) {
      const { plaintext, messageHeader } = await esdk.decrypt(k, m.ciphertext);
      expect(Buffer.from(plaintext).toString()).toBe(`cached ${i}`);
      expect(messageHeader.encryptionContext['app']).toBe('interop');
    }
  });

  it("the ESDK's cached messages (one data key) decrypt through Envelope's cache with one KMS Decrypt", async () => {
    const esdkCmm = new NodeCachingMaterialsManager({ backingMaterials: theirs(), cache: getLocalCryptographicMaterialsCache(10), maxAge: 60_000, maxMessagesEncrypted: 100 });
    local.clearRequests();
    const results: Uint8Array[] = [];
    for (let i = 0; i < 10; i++) results.push((await esdk.encrypt(esdkCmm, `esdk ${i}`, { encryptionContext: { app: 'esdk' } })).result);
    expect(count('GenerateDataKey')).toBe(1);
    const cmm = new CachingMaterialsManager({ source: ours, maxAgeMs: 60_000 });
    local.clearRequests();
    for (const [i, ct] of results.entries()) expect(Buffer.from((await decrypt(cmm, ct)).plaintext).toString()).toBe(`esdk ${i}`);
    expect(count('Decrypt')).toBe(1);
  });
});
