// Envelope's hierarchical keyring and branch key store against @aws-crypto/client-node 5.0.2's
// KmsHierarchicalKeyRingNode and BranchKeyStoreNode, on one kms-local table (KMS and DynamoDB over
// HTTP, real SDK clients on both sides): branch keys made by either store serve both keyrings, each
// opens the other's messages, and after versionKey on either side old and new versions open on both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient, CreateKeyCommand } from '@aws-sdk/client-kms';
import esdkPkg from '@aws-crypto/client-node';
import { encrypt, decrypt } from '@envelope/core';
import { BranchKeyStore, HierarchicalKeyring } from '@envelope/keyring-hierarchy';
import { startKmsLocal, type KmsLocal } from '@envelope/kms-local';

const { buildClient, CommitmentPolicy, BranchKeyStoreNode, KmsHierarchicalKeyRingNode } = esdkPkg;
const REGION = 'us-east-1';
const TABLE = 'interop-branch-keys';
const esdk = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
let local: KmsLocal;
let arn: string;
let ddb: DynamoDBClient;
let kms: KMSClient;
let ours: BranchKeyStore;
let theirs: InstanceType<typeof BranchKeyStoreNode>;

const CONTEXTS = [{}, { tenant: 'acme', purpose: 'interop' }, { 'grüße': 'wert', a: 'b' }];
const SUITES = [0x0478, 0x0578];
const text = (b: Uint8Array): string => Buffer.from(b).toString();

function envelopeKeyring(branchKeyId: string): HierarchicalKeyring {
  return new HierarchicalKeyring({ keyStore: ours, branchKeyId, cacheTtlMs: 60_000 });
}
function esdkKeyring(branchKeyId: string): InstanceType<typeof KmsHierarchicalKeyRingNode> {
  // utf8Sorting: the specification's order of the context in the wrapping AAD (esdk-js's default
  // sorts with localeCompare, which agrees for these contexts; the spec and Envelope sort bytes).
  return new KmsHierarchicalKeyRingNode({ branchKeyId, keyStore: theirs, cacheLimitTtl: 60, utf8Sorting: true });
}

/** Every message either side writes opens on both sides. */
async function bothWays(branchKeyId: string, label: string): Promise<void> {
  for (const suiteId of SUITES) {
    for (const encryptionContext of CONTEXTS) {
      const mine = await encrypt(envelopeKeyring(branchKeyId), `${label} from Envelope`, { suiteId, encryptionContext });
      expect(text((await esdk.decrypt(esdkKeyring(branchKeyId), mine.ciphertext)).plaintext)).toBe(`${label} from Envelope`);
      const { result } = await esdk.encrypt(esdkKeyring(branchKeyId), `${label} from the ESDK`, { suiteId, encryptionContext });
      const out = await decrypt(envelopeKeyring(branchKeyId), result);
      expect(text(out.plaintext)).toBe(`${label} from the ESDK`);
      expect(out.decryptedBy).toMatchObject({ providerId: 'aws-kms-hierarchy', keyId: branchKeyId });
    }
  }
}

beforeAll(async () => {
  local = await startKmsLocal({ regions: [REGION] });
  const client = { region: REGION, endpoint: local.endpoints[REGION], credentials: local.credentials };
  ddb = new DynamoDBClient(client);
  kms = new KMSClient(client);
  arn = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
  ours = new BranchKeyStore({ tableName: TABLE, kmsKeyArn: arn, endpoints: local.endpoints, credentials: local.credentials, localRegion: REGION });
  await ours.createTable();
  theirs = new BranchKeyStoreNode({ logicalKeyStoreName: TABLE, storage: { ddbTableName: TABLE, ddbClient: ddb }, keyManagement: { kmsClient: kms }, kmsConfiguration: { identifier: arn } });
});
afterAll(async () => {
  ours.destroy();
  ddb.destroy();
  kms.destroy();
  await local.close();
});

describe('hierarchical keyring interop with @aws-crypto/client-node 5.0.2', () => {
  it("a branch key made by Envelope's store: Envelope's messages open in the ESDK's keyring, and the other way", async () => {
    const { branchKeyId } = await ours.createKey({ encryptionContext: { department: 'it' } });
    // The ESDK's store reads Envelope's items (and their custom context).
    const active = await theirs.getActiveBranchKey(branchKeyId);
    expect(active.encryptionContext).toEqual({ department: 'it' });
    const mine = await ours.getActiveBranchKey(branchKeyId);
    expect(Buffer.from(active.branchKey()).equals(Buffer.from(mine.key))).toBe(true);
    expect(active.branchKeyVersion.toString('utf8')).toBe(mine.version);
    await bothWays(branchKeyId, 'envelope-made');
  });

  it("a branch key made by the ESDK's BranchKeyStoreNode works for Envelope's keyring both ways", async () => {
    const { branchKeyIdentifier } = await theirs.createKey({ branchKeyIdentifier: 'esdk-made', encryptionContext: { team: 'payments' } });
    const beacon = await ours.getBeaconKey(branchKeyIdentifier);
    expect(beacon.key.length).toBe(32);
    expect((await ours.getActiveBranchKey(branchKeyIdentifier)).encryptionContext).toEqual({ team: 'payments' });
    await bothWays(branchKeyIdentifier, 'esdk-made');
  });

  for (const side of ['Envelope', 'the ESDK'] as const) {
    it(`after versionKey by ${side}, messages of the old and the new version open on both`, async () => {
      const { branchKeyId } = await ours.createKey();
      const oldMine = await encrypt(envelopeKeyring(branchKeyId), 'old Envelope');
      const oldTheirs = (await esdk.encrypt(esdkKeyring(branchKeyId), 'old ESDK')).result;
      if (side === 'Envelope') await ours.versionKey({ branchKeyId });
      else await theirs.versionKey({ branchKeyIdentifier: branchKeyId });
      // Fresh keyrings read the new active version.
      const newMine = await encrypt(envelopeKeyring(branchKeyId), 'new Envelope');
      const newTheirs = (await esdk.encrypt(esdkKeyring(branchKeyId), 'new ESDK')).result;
      const version = (edkCiphertext: Uint8Array): string => Buffer.from(edkCiphertext.subarray(28, 44)).toString('hex');
      expect(version(newMine.header.encryptedDataKeys[0]!.ciphertext)).not.toBe(version(oldMine.header.encryptedDataKeys[0]!.ciphertext));
      for (const [message, plain] of [[oldMine.ciphertext, 'old Envelope'], [oldTheirs, 'old ESDK'], [newMine.ciphertext, 'new Envelope'], [newTheirs, 'new ESDK']] as const) {
        expect(text((await decrypt(envelopeKeyring(branchKeyId), message)).plaintext)).toBe(plain);
        expect(text((await esdk.decrypt(esdkKeyring(branchKeyId), message)).plaintext)).toBe(plain);
      }
      // Both stores agree on the active version.
      expect((await theirs.getActiveBranchKey(branchKeyId)).branchKeyVersion.toString('utf8')).toBe((await ours.getActiveBranchKey(branchKeyId)).version);
    });
  }
});
