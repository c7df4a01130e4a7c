// Issue 20 acceptance: a message encrypted with a multi keyring { KMS generator, threshold 3-of-5
// custodians (RSA-2048) } decrypts with @aws-crypto/client-node through KMS (kms-local, one region):
// the ESDK skips the share EDKs (provider id = the threshold namespace), and does not mistake them for
// a custodian's own raw RSA EDKs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KMS } from '@aws-sdk/client-kms';
import esdkPkg from '@aws-crypto/client-node';
import { decrypt, encrypt } from '@envelope/core';
import { KmsKeyring } from '@envelope/keyring-kms';
import { MultiKeyring } from '@envelope/keyring-multi';
import { RawRsaKeyring } from '@envelope/keyring-raw-rsa';
import { ThresholdKeyring } from '@envelope/keyring-threshold';
import { createMultiRegionKey, startKmsLocal, type KmsLocal } from '@envelope/kms-local';
import { esdkRawRsa } from './helpers/esdk.js';
import { pemPair, type PemPair } from './helpers/rsa_keys.js';

const { buildClient, CommitmentPolicy, KmsKeyringNode } = esdkPkg;
const esdk = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
const REGION = 'us-east-1';
let local: KmsLocal;
let arn: string;
let pairs: PemPair[];

const board = (present: readonly number[]) =>
  new ThresholdKeyring({
    keyNamespace: 'board',
    keyName: 'board-2026',
    threshold: 3,
    custodians: pairs.map(
      (p, i) => new RawRsaKeyring({ keyNamespace: 'officers', keyName: `officer-${i}`, publicKey: p.publicKey, ...(present.includes(i) ? { privateKey: p.privateKey } : {}), padding: 'oaep-sha256' }),
    ),
  });

// Five RSA-2048 custodian keys once for this file, while kms-local starts.
beforeAll(async () => {
  [local, pairs] = await Promise.all([startKmsLocal({ regions: [REGION] }), Promise.all(Array.from({ length: 5 }, () => pemPair(2048)))]);
  arn = (await createMultiRegionKey(local, { primaryRegion: REGION, replicaRegions: [] })).arns[REGION]!;
}, 120_000);
afterAll(() => local?.close());

describe('threshold escrow interop with @aws-crypto/client-node', () => {
  it('{ KMS generator, threshold 3-of-5 } decrypts with the ESDK through KMS', async () => {
    const kms = new KmsKeyring({ generatorKeyId: arn, endpoints: local.endpoints, credentials: local.credentials });
    const { ciphertext, header } = await encrypt(new MultiKeyring({ generator: kms, children: [board([])] }), 'board-approved', { encryptionContext: { app: 'interop' } });
    expect(header.encryptedDataKeys.map((e) => e.providerId)).toEqual(['aws-kms', 'board', 'board', 'board', 'board', 'board']);

    const clientProvider = (region: string) => new KMS({ region, endpoint: local.endpoints[region], credentials: local.credentials, maxAttempts: 1 });
    local.clearRequests();
    const { plaintext, messageHeader } = await esdk.decrypt(new KmsKeyringNode({ clientProvider, keyIds: [arn] }), ciphertext);
    expect(Buffer.from(plaintext).toString()).toBe('board-approved');
    expect(messageHeader.encryptedDataKeys).toHaveLength(6);
    expect(local.requests().filter((r) => r.operation === 'Decrypt')).toHaveLength(1);

    // The custodians' own keys, as ESDK raw RSA keyrings, see no EDK of theirs: shares are wrapped.
    const officer0 = esdkRawRsa('officers', 'officer-0', 'oaep-sha256', { privateKey: pairs[0]!.privateKey });
    await expect(esdk.decrypt(officer0, ciphertext)).rejects.toThrow();
    // And three custodians recover it without KMS.
    expect(Buffer.from((await decrypt(board([0, 3, 4]), ciphertext)).plaintext).toString()).toBe('board-approved');
    kms.destroy();
  });
});
