// Envelope's KMS keyring and @aws-crypto/client-node's KmsKeyringNode open each other's messages
// through kms-local (3 regions, a multi-region key), and the ESDK alone works against kms-local.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KMS } from '@aws-sdk/client-kms';
import esdkPkg from '@aws-crypto/client-node';
import { encrypt, decrypt } from '@envelope/core';
import { KmsKeyring } from '@envelope/keyring-kms';
import { startKmsLocal, createMultiRegionKey, type KmsLocal, type MultiRegionKey } from '@envelope/kms-local';

const { buildClient, CommitmentPolicy, KmsKeyringNode } = esdkPkg;
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
let local: KmsLocal;
let mrk: MultiRegionKey;
const esdk = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);

function esdkKeyring(generatorKeyId: string | undefined, keyIds: string[], discovery = false) {
  // The ESDK asks for the aggregated KMS client of a region: point each at its kms-local endpoint.
  const provider = (region: string) => new KMS({ region, endpoint: local.endpoints[region], credentials: local.credentials, maxAttempts: 1 });
  return discovery ? new KmsKeyringNode({ clientProvider: provider, discovery: true }) : new KmsKeyringNode({ clientProvider: provider, ...(generatorKeyId ? { generatorKeyId } : {}), keyIds });
}

beforeAll(async () => {
  local = await startKmsLocal({ regions: REGIONS });
  mrk = await createMultiRegionKey(local, { primaryRegion: 'us-east-1', replicaRegions: ['eu-west-1', 'ap-southeast-2'], alias: 'alias/interop' });
});
afterAll(() => local.close());

describe('KMS keyring interop with @aws-crypto/client-node', () => {
  it('the ESDK encrypts and decrypts through kms-local on its own', async () => {
    const k = esdkKeyring(mrk.arns['us-east-1'], [mrk.arns['eu-west-1']!]);
    const { result } = await esdk.encrypt(k, 'esdk alone', { encryptionContext: { a: 'b' } });
    expect(Buffer.from((await esdk.decrypt(k, result)).plaintext).toString()).toBe('esdk alone');
  });

  it("the ESDK decrypts Envelope's multi-region messages, in any one region", async () => {
    const ours = new KmsKeyring({ generatorKeyId: mrk.arns['us-east-1'], keyIds: [mrk.arns['eu-west-1']!, mrk.arns['ap-southeast-2']!], endpoints: local.endpoints, credentials: local.credentials });
    const { ciphertext } = await encrypt(ours, 'from Envelope, grüße', { encryptionContext: { app: 'interop' } });
    for (const region of REGIONS) {
      const theirs = esdkKeyring(undefined, [mrk.arns[region]!]);
      const { plaintext, messageHeader } = await esdk.decrypt(theirs, ciphertext);
      expect(Buffer.from(plaintext).toString()).toBe('from Envelope, grüße');
      expect(messageHeader.encryptionContext['app']).toBe('interop');
    }
    ours.destroy();
  });

  it("Envelope decrypts the ESDK's multi-region messages, local region first", async () => {
    const theirs = esdkKeyring(mrk.arns['us-east-1'], [mrk.arns['eu-west-1']!, mrk.arns['ap-southeast-2']!]);
    const { result } = await esdk.encrypt(theirs, 'from the ESDK', { encryptionContext: { app: 'interop' } });
    const ours = new KmsKeyring({ keyId: 'alias/interop', regions: REGIONS, localRegion: 'ap-southeast-2', endpoints: local.endpoints, credentials: local.credentials });
    local.clearRequests();
    const out = await decrypt(ours, result);
    expect(Buffer.from(out.plaintext).toString()).toBe('from the ESDK');
    expect(out.decryptedBy?.region).toBe('ap-southeast-2');
    expect(local.requests().filter((r) => r.operation === 'Decrypt').map((r) => r.region)).toEqual(['ap-southeast-2']);
    ours.destroy();
  });
});
