// BranchKeyStore against kms-local's DynamoDB and KMS through the real SDK clients.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand, CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { ConfigError, InvalidArgumentError, KeyringError } from '@envelope/core';
import { fixture, tableName, type Fixture } from './helpers.js';

const REGION = 'us-east-1';
let f: Fixture;
let ddb: DynamoDBClient;

beforeAll(async () => {
  f = await fixture([REGION]);
  ddb = new DynamoDBClient({ region: REGION, endpoint: f.local.endpoints[REGION], credentials: f.local.credentials });
});
afterAll(async () => {
  ddb.destroy();
  await f.close();
});

const items = async (table: string, id: string) =>
  (await ddb.send(new QueryCommand({ TableName: table, KeyConditionExpression: '#p = :p', ExpressionAttributeNames: { '#p': 'branch-key-id' }, ExpressionAttributeValues: { ':p': { S: id } } }))).Items ?? [];

describe('BranchKeyStore', () => {
  it('createTable is idempotent and refuses a table with another key schema', async () => {
    const t = tableName();
    const store = f.store({ tableName: t });
    await store.createTable();
    await store.createTable();
    const other = tableName();
    await ddb.send(new CreateTableCommand({ TableName: other, BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }] }));
    await expect(f.store({ tableName: other }).createTable()).rejects.toThrow(/key schema/);
  });

  it('createKey writes the three items of the Material Providers Library, with the custom context prefixed', async () => {
    const t = tableName();
    const store = f.store({ tableName: t });
    await store.createTable();
    const { branchKeyId } = await store.createKey({ branchKeyId: 'tenant-1', encryptionContext: { department: 'finance' } });
    expect(branchKeyId).toBe('tenant-1');
    const all = await items(t, 'tenant-1');
    expect(all.map((i) => i['type']!.S!.replace(/[0-9a-f-]{36}$/, 'V')).sort()).toEqual(['beacon:ACTIVE', 'branch:ACTIVE', 'branch:version:V']);
    const active = all.find((i) => i['type']!.S === 'branch:ACTIVE')!;
    const version = all.find((i) => i['type']!.S!.startsWith('branch:version:'))!;
    expect(active['version']!.S).toBe(version['type']!.S);
    for (const i of all) {
      expect(i['kms-arn']!.S).toBe(f.arn);
      expect(i['hierarchy-version']!.N).toBe('1');
      expect(i['aws-crypto-ec:department']!.S).toBe('finance');
      expect(i['create-time']!.S).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      expect(i['enc']!.B!.length).toBeGreaterThan(32);
      expect(i['tablename']).toBeUndefined();
    }
    const a = await store.getActiveBranchKey('tenant-1');
    const v = await store.getBranchKeyVersion('tenant-1', a.version);
    const b = await store.getBeaconKey('tenant-1');
    expect(a.key.length).toBe(32);
    expect(Buffer.from(v.key).equals(Buffer.from(a.key))).toBe(true);
    expect(Buffer.from(b.key).equals(Buffer.from(a.key))).toBe(false);
    expect(a.encryptionContext).toEqual({ department: 'finance' });
    await expect(store.createKey({ branchKeyId: 'tenant-1' })).rejects.toThrow(/already exists/);
    // The failed create changed nothing.
    expect(Buffer.from((await store.getActiveBranchKey('tenant-1')).key).equals(Buffer.from(a.key))).toBe(true);
  });

  it('versionKey makes a new active version and keeps the old one readable', async () => {
    const store = f.store({ tableName: tableName() });
    await store.createTable();
    const { branchKeyId } = await store.createKey();
    const before = await store.getActiveBranchKey(branchKeyId);
    await store.versionKey({ branchKeyId });
    const after = await store.getActiveBranchKey(branchKeyId);
    expect(after.version).not.toBe(before.version);
    expect(Buffer.from(after.key).equals(Buffer.from(before.key))).toBe(false);
    expect(Buffer.from((await store.getBranchKeyVersion(branchKeyId, before.version)).key).equals(Buffer.from(before.key))).toBe(true);
    await expect(store.versionKey({ branchKeyId: 'no-such-key' })).rejects.toThrow(InvalidArgumentError);
  });

  it('two concurrent versionKeys: one wins, the other fails with a KeyringError and writes nothing (#enc = :encOld)', async () => {
    const t = tableName();
    const store = f.store({ tableName: t });
    await store.createTable();
    const { branchKeyId } = await store.createKey();
    const results = await Promise.allSettled([store.versionKey({ branchKeyId }), store.versionKey({ branchKeyId })]);
    const failed = results.filter((r) => r.status === 'rejected');
    expect(failed).toHaveLength(1);
    expect((failed[0] as PromiseRejectedResult).reason).toBeInstanceOf(KeyringError);
    expect(String((failed[0] as PromiseRejectedResult).reason.message)).toMatch(/changed while it was being versioned/);
    // Two versions (the first and the winner's), one ACTIVE naming the winner.
    const all = await items(t, branchKeyId);
    expect(all.filter((i) => i['type']!.S!.startsWith('branch:version:'))).toHaveLength(2);
  });

  it('an item whose attributes were changed does not open (KMS checks every attribute through the context)', async () => {
    const t = tableName();
    const store = f.store({ tableName: t });
    await store.createTable();
    const { branchKeyId } = await store.createKey();
    const key = { 'branch-key-id': { S: branchKeyId }, type: { S: 'branch:ACTIVE' } };
    const item = (await ddb.send(new GetItemCommand({ TableName: t, Key: key }))).Item!;
    await ddb.send(new PutItemCommand({ TableName: t, Item: { ...item, 'create-time': { S: '2000-01-01T00:00:00.000000Z' } } }));
    await expect(store.getActiveBranchKey(branchKeyId)).rejects.toThrow(KeyringError);
    // Another logical store name is another store: its keys do not open here.
    const elsewhere = f.store({ tableName: t, logicalKeyStoreName: 'another-store' });
    const { branchKeyId: id2 } = await store.createKey();
    await expect(elsewhere.getActiveBranchKey(id2)).rejects.toThrow(/Decrypt/);
  });

  it('missing keys and bad input are typed errors', async () => {
    const store = f.store({ tableName: tableName() });
    await store.createTable();
    await expect(store.getActiveBranchKey('missing')).rejects.toThrow(/no branch:ACTIVE item/);
    await expect(store.getBranchKeyVersion('missing', 'not-a-uuid')).rejects.toThrow(InvalidArgumentError);
    expect(() => f.store({ kmsKeyArn: 'alias/app' })).toThrow(ConfigError);
    expect(() => f.store({ regions: ['us-east-1', 'eu-west-1'] })).toThrow(/multi-region/);
    expect(JSON.stringify(f.store())).not.toContain(f.local.credentials.secretAccessKey);
  });
});
