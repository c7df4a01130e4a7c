// The AWS Material Providers Library's branch key store (esdk-js 5.0.2's BranchKeyStoreNode) run
// against kms-local's KMS and DynamoDB through the real SDK clients: CreateKey (a three-item
// TransactWriteItems with attribute_not_exists), reads by GetItem, VersionKey (the version race
// condition `attribute_exists(#bkid) AND #enc = :encOld`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BranchKeyStoreNode } from '@aws-crypto/client-node';
import { DynamoDBClient, CreateTableCommand, QueryCommand, PutItemCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { KMSClient, CreateKeyCommand } from '@aws-sdk/client-kms';
import { startKmsLocal, type KmsLocal } from '@envelope/kms-local';

const REGION = 'us-east-1';
const TABLE = 'BranchKeys';
let local: KmsLocal;
let ddb: DynamoDBClient;
let kms: KMSClient;
let store: BranchKeyStoreNode;

beforeAll(async () => {
  local = await startKmsLocal({ regions: [REGION] });
  const opts = { region: REGION, endpoint: local.endpoints[REGION], credentials: local.credentials, maxAttempts: 1 };
  ddb = new DynamoDBClient(opts);
  kms = new KMSClient(opts);
  await ddb.send(new CreateTableCommand({
    TableName: TABLE, BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'branch-key-id', KeyType: 'HASH' }, { AttributeName: 'type', KeyType: 'RANGE' }],
    AttributeDefinitions: [{ AttributeName: 'branch-key-id', AttributeType: 'S' }, { AttributeName: 'type', AttributeType: 'S' }],
  }));
  const arn = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
  store = new BranchKeyStoreNode({
    logicalKeyStoreName: TABLE,
    storage: { ddbTableName: TABLE, ddbClient: ddb },
    keyManagement: { kmsClient: kms },
    kmsConfiguration: { identifier: arn },
  });
});
afterAll(async () => {
  ddb.destroy();
  kms.destroy();
  await local.close();
});

describe('BranchKeyStoreNode on kms-local', () => {
  it('creates a branch key, versions it, and reads the active key and every version', async () => {
    const { branchKeyIdentifier: id } = await store.createKey();
    const items = await ddb.send(new QueryCommand({
      TableName: TABLE, KeyConditionExpression: '#p = :p', ExpressionAttributeNames: { '#p': 'branch-key-id' }, ExpressionAttributeValues: { ':p': { S: id } },
    }));
    expect(items.Items?.map((i) => i['type']?.S?.replace(/[0-9a-f-]{36}$/, 'V'))).toEqual(['beacon:ACTIVE', 'branch:ACTIVE', 'branch:version:V']);

    const first = await store.getActiveBranchKey(id);
    const firstVersion = first.branchKeyVersion.toString('utf8');
    expect(first.branchKey().length).toBe(32);
    await store.versionKey({ branchKeyIdentifier: id });
    const second = await store.getActiveBranchKey(id);
    expect(second.branchKeyVersion.toString('utf8')).not.toBe(firstVersion);
    expect(second.branchKey().equals(first.branchKey())).toBe(false);
    const old = await store.getBranchKeyVersion(id, firstVersion);
    expect(old.branchKey().equals(first.branchKey())).toBe(true);
  });

  it('refuses to create a branch key id twice (the transaction is cancelled, nothing is overwritten)', async () => {
    const ec = { tenant: 'a' };
    await store.createKey({ branchKeyIdentifier: 'fixed-id', encryptionContext: ec });
    const before = await store.getActiveBranchKey('fixed-id');
    const again = await store.createKey({ branchKeyIdentifier: 'fixed-id', encryptionContext: ec }).then(() => 'created', (e: Error) => e.name);
    expect(again).toBe('TransactionCanceledException');
    expect((await store.getActiveBranchKey('fixed-id')).branchKey().equals(before.branchKey())).toBe(true);
  });

  it('a version race loses: VersionKey is cancelled if the active item changed after it was read', async () => {
    const { branchKeyIdentifier: id } = await store.createKey();
    const key = { 'branch-key-id': { S: id }, type: { S: 'branch:ACTIVE' } };
    // Another writer rotates between VersionKey's read of the active item and its transaction: the
    // racing write runs when VersionKey sends its last KMS call (the new active key's ReEncrypt).
    const racingKms = new KMSClient({ region: REGION, endpoint: local.endpoints[REGION], credentials: local.credentials, maxAttempts: 1 });
    let reEncrypts = 0;
    racingKms.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'ReEncryptCommand' && ++reEncrypts === 2) {
          const active = (await ddb.send(new GetItemCommand({ TableName: TABLE, Key: key, ConsistentRead: true }))).Item!;
          await ddb.send(new PutItemCommand({ TableName: TABLE, Item: { ...active, enc: { B: new Uint8Array(32).fill(7) } } }));
        }
        return next(args);
      },
      { step: 'initialize', name: 'racingWriter' },
    );
    const racer = new BranchKeyStoreNode({ logicalKeyStoreName: TABLE, storage: { ddbTableName: TABLE, ddbClient: ddb }, keyManagement: { kmsClient: racingKms }, kmsConfiguration: store.getKeyStoreInfo().kmsConfiguration });
    try {
      const outcome = await racer.versionKey({ branchKeyIdentifier: id }).then(
        () => undefined,
        (e: Error & { CancellationReasons?: { Code: string }[] }) => ({ name: e.name, codes: e.CancellationReasons?.map((r) => r.Code) }),
      );
      expect(reEncrypts).toBe(2);
      expect(outcome).toEqual({ name: 'TransactionCanceledException', codes: ['None', 'ConditionalCheckFailed'] });
    } finally {
      racingKms.destroy();
    }
    const versions = await ddb.send(new QueryCommand({
      TableName: TABLE, KeyConditionExpression: '#p = :p AND begins_with(#t, :v)',
      ExpressionAttributeNames: { '#p': 'branch-key-id', '#t': 'type' }, ExpressionAttributeValues: { ':p': { S: id }, ':v': { S: 'branch:version:' } },
    }));
    expect(versions.Count).toBe(1);
  });
});
