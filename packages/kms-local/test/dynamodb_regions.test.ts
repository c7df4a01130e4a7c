// kms-local's DynamoDB across regions and restarts, through the real @aws-sdk/client-dynamodb:
// global tables (UpdateTable ReplicaUpdates) and their replica delay, persistence in --state,
// faults and the request log, the 1 MiB body limit, SigV4 for service `dynamodb`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DynamoDBClient, CreateTableCommand, DescribeTableCommand, UpdateTableCommand, GetItemCommand, PutItemCommand,
  DeleteItemCommand, TransactWriteItemsCommand, type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { startKmsLocal, type KmsLocal } from '@envelope/kms-local';

const [EAST, WEST] = ['us-east-1', 'eu-west-1'] as const;
const DELAY = 300;
const clients: DynamoDBClient[] = [];

function client(local: KmsLocal, region: string, extra: Partial<ConstructorParameters<typeof DynamoDBClient>[0]> = {}): DynamoDBClient {
  const c = new DynamoDBClient({ region, endpoint: local.endpoints[region], credentials: local.credentials, maxAttempts: 1, ...extra });
  clients.push(c);
  return c;
}

async function failure(p: Promise<unknown>): Promise<{ name: string; status?: number }> {
  try {
    await p;
    return { name: 'no error' };
  } catch (e) {
    return { name: (e as Error).name, status: (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode };
  }
}

async function createTable(c: DynamoDBClient, name: string): Promise<void> {
  await c.send(new CreateTableCommand({
    TableName: name, BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }],
  }));
}

const key = (pk: string): Record<string, AttributeValue> => ({ pk: { S: pk }, sk: { S: 'x' } });

/** Polls until `probe` returns a value; resolves with it and the ms since `since`. */
async function until<T>(probe: () => Promise<T | undefined>, since: number): Promise<{ value: T; elapsed: number }> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return { value, elapsed: Date.now() - since };
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function activeReplica(c: DynamoDBClient, name: string): Promise<void> {
  await until(async () => ((await c.send(new DescribeTableCommand({ TableName: name }))).Table?.Replicas?.every((r) => r.ReplicaStatus === 'ACTIVE') ? true : undefined), Date.now());
}

afterAll(() => {
  for (const c of clients) c.destroy();
});

describe('global tables', () => {
  let local: KmsLocal;
  let east: DynamoDBClient;
  let west: DynamoDBClient;
  beforeAll(async () => {
    local = await startKmsLocal({ regions: [EAST, WEST], replicaDelayMs: DELAY, stateDir: mkdtempSync(path.join(tmpdir(), 'kms-local-gt-')) });
    east = client(local, EAST);
    west = client(local, WEST);
  });
  afterAll(() => local.close());

  it('a replica is CREATING for the delay, holds the table\'s items, then takes writes from every replica after the delay', async () => {
    await createTable(east, 'Global');
    await east.send(new PutItemCommand({ TableName: 'Global', Item: { ...key('before'), v: { S: '1' } } }));
    const started = Date.now();
    const up = await east.send(new UpdateTableCommand({ TableName: 'Global', ReplicaUpdates: [{ Create: { RegionName: WEST } }] }));
    expect(up.TableDescription?.Replicas).toEqual([{ RegionName: WEST, ReplicaStatus: 'CREATING' }]);
    const ready = await until(async () => ((await west.send(new DescribeTableCommand({ TableName: 'Global' }))).Table?.TableStatus === 'ACTIVE' ? true : undefined), started);
    expect(ready.elapsed).toBeGreaterThanOrEqual(DELAY);
    const d = (await west.send(new DescribeTableCommand({ TableName: 'Global' }))).Table!;
    expect(d.Replicas).toEqual([{ RegionName: EAST, ReplicaStatus: 'ACTIVE' }]);
    expect(d.GlobalTableVersion).toBe('2019.11.21');
    expect((await west.send(new GetItemCommand({ TableName: 'Global', Key: key('before') }))).Item?.['v']).toEqual({ S: '1' });

    for (const [from, to] of [[east, west], [west, east]] as const) {
      const pk = `from-${from === east ? EAST : WEST}`;
      const t0 = Date.now();
      await from.send(new PutItemCommand({ TableName: 'Global', Item: { ...key(pk), v: { S: 'put' } } }));
      const first = await to.send(new GetItemCommand({ TableName: 'Global', Key: key(pk) }));
      if (Date.now() - t0 < DELAY) expect(first.Item).toBeUndefined();
      const seen = await until(async () => (await to.send(new GetItemCommand({ TableName: 'Global', Key: key(pk) }))).Item, t0);
      expect(seen.elapsed).toBeGreaterThanOrEqual(DELAY);
      expect(seen.value['v']).toEqual({ S: 'put' });
    }
    const t1 = Date.now();
    await east.send(new TransactWriteItemsCommand({ TransactItems: [{ Delete: { TableName: 'Global', Key: key('before') } }] }));
    const deleted = await until(async () => ((await west.send(new GetItemCommand({ TableName: 'Global', Key: key('before') }))).Item ? undefined : true), t1);
    expect(deleted.elapsed).toBeGreaterThanOrEqual(DELAY);
  });

  it('while a replica is CREATING its table is UPDATING (and takes writes) and the replica is ResourceNotFoundException for items; a replica in a region not served is a ValidationException', async () => {
    const slow = await startKmsLocal({ regions: [EAST, WEST], replicaDelayMs: 60_000 });
    try {
      const [e, w] = [client(slow, EAST), client(slow, WEST)];
      await createTable(e, 'Slow');
      await e.send(new UpdateTableCommand({ TableName: 'Slow', ReplicaUpdates: [{ Create: { RegionName: WEST } }] }));
      expect((await w.send(new DescribeTableCommand({ TableName: 'Slow' }))).Table?.TableStatus).toBe('CREATING');
      const source = (await e.send(new DescribeTableCommand({ TableName: 'Slow' }))).Table!;
      expect([source.TableStatus, source.Replicas]).toEqual(['UPDATING', [{ RegionName: WEST, ReplicaStatus: 'CREATING' }]]);
      await e.send(new PutItemCommand({ TableName: 'Slow', Item: key('while-updating') }));
      expect((await failure(w.send(new GetItemCommand({ TableName: 'Slow', Key: key('a') })))).name).toBe('ResourceNotFoundException');
      expect((await failure(e.send(new UpdateTableCommand({ TableName: 'Slow', ReplicaUpdates: [{ Create: { RegionName: 'ap-south-1' } }] })))).name).toBe('ValidationException');
      expect((await failure(e.send(new UpdateTableCommand({ TableName: 'Slow', ReplicaUpdates: [{ Create: { RegionName: WEST } }] })))).name).toBe('ValidationException');
    } finally {
      await slow.close();
    }
  });

  it('a replica deleted by ReplicaUpdates is gone, and the table is no longer global', async () => {
    await createTable(east, 'Shortlived');
    await east.send(new UpdateTableCommand({ TableName: 'Shortlived', ReplicaUpdates: [{ Create: { RegionName: WEST } }] }));
    await activeReplica(east, 'Shortlived');
    await east.send(new UpdateTableCommand({ TableName: 'Shortlived', ReplicaUpdates: [{ Delete: { RegionName: WEST } }] }));
    expect((await failure(west.send(new DescribeTableCommand({ TableName: 'Shortlived' })))).name).toBe('ResourceNotFoundException');
    expect((await east.send(new DescribeTableCommand({ TableName: 'Shortlived' }))).Table?.Replicas).toBeUndefined();
  });
});

describe('persistence', () => {
  it('tables, items, global-table membership and writes still on their way survive a restart with the same state dir', async () => {
    const stateDir = mkdtempSync(path.join(tmpdir(), 'kms-local-ddb-state-'));
    const first = await startKmsLocal({ regions: [EAST, WEST], replicaDelayMs: DELAY, stateDir });
    const e1 = client(first, EAST);
    await createTable(e1, 'Kept');
    await e1.send(new UpdateTableCommand({ TableName: 'Kept', ReplicaUpdates: [{ Create: { RegionName: WEST } }] }));
    await activeReplica(e1, 'Kept');
    await e1.send(new PutItemCommand({ TableName: 'Kept', Item: { ...key('p'), blob: { B: new Uint8Array([1, 2, 3]) }, n: { N: '42' }, ['__proto__']: { S: 'plain' } } }));
    await first.close();

    const second = await startKmsLocal({ regions: [EAST, WEST], replicaDelayMs: DELAY, stateDir });
    try {
      const [e2, w2] = [client(second, EAST), client(second, WEST)];
      const item = (await e2.send(new GetItemCommand({ TableName: 'Kept', Key: key('p') }))).Item!;
      expect(Buffer.from(item['blob']!.B!).toString('hex')).toBe('010203');
      expect(item['n']).toEqual({ N: '42' });
      expect(Object.hasOwn(item, '__proto__')).toBe(true);
      expect((await e2.send(new DescribeTableCommand({ TableName: 'Kept' }))).Table?.Replicas).toEqual([{ RegionName: WEST, ReplicaStatus: 'ACTIVE' }]);
      const replicated = await until(async () => (await w2.send(new GetItemCommand({ TableName: 'Kept', Key: key('p') }))).Item, Date.now());
      expect(replicated.value['n']).toEqual({ N: '42' });
      expect((await failure(createTable(e2, 'Kept'))).name).toBe('ResourceInUseException');
    } finally {
      await second.close();
    }
  });
});

describe('faults, the request log, limits and signatures', () => {
  let local: KmsLocal;
  let ddb: DynamoDBClient;
  beforeAll(async () => {
    local = await startKmsLocal({ regions: [EAST] });
    ddb = client(local, EAST);
    await createTable(ddb, 'Faulty');
  });
  afterAll(() => local.close());

  it('throttle, error and down look like DynamoDB failures, and the log names DynamoDB operations', async () => {
    local.clearRequests();
    await ddb.send(new PutItemCommand({ TableName: 'Faulty', Item: key('a') }));
    local.setFault(EAST, { mode: 'throttle' });
    expect(await failure(ddb.send(new GetItemCommand({ TableName: 'Faulty', Key: key('a') })))).toEqual({ name: 'ThrottlingException', status: 400 });
    local.setFault(EAST, { mode: 'error' });
    expect(await failure(ddb.send(new GetItemCommand({ TableName: 'Faulty', Key: key('a') })))).toEqual({ name: 'InternalServerError', status: 500 });
    local.setFault(EAST, { mode: 'down' });
    expect((await failure(ddb.send(new DeleteItemCommand({ TableName: 'Faulty', Key: key('a') })))).name).not.toBe('no error');
    local.setFault(EAST, { mode: 'none' });
    expect((await ddb.send(new GetItemCommand({ TableName: 'Faulty', Key: key('a'), ConsistentRead: true }))).Item).toBeDefined();
    const log = local.requests(EAST).map((e) => [e.operation, e.status]);
    expect(log).toEqual([['PutItem', 200], ['GetItem', 400], ['GetItem', 500], ['DeleteItem', 'dropped'], ['GetItem', 200]]);
    const overHttp = (await (await fetch(`${local.endpoints[EAST]}/__admin/requests`)).json()) as { operation: string }[];
    expect(overHttp.map((e) => e.operation)).toEqual(['PutItem', 'GetItem', 'GetItem', 'DeleteItem', 'GetItem']);
  });

  it('a request body over 1 MiB gets an AWS-shaped 413 that the SDK parses, and is logged', async () => {
    local.clearRequests();
    const huge = { ...key('huge'), blob: { B: new Uint8Array(1024 * 1024 + 10) } };
    expect(await failure(ddb.send(new PutItemCommand({ TableName: 'Faulty', Item: huge })))).toEqual({ name: 'RequestEntityTooLargeException', status: 413 });
    expect(local.requests(EAST)).toMatchObject([{ operation: 'PutItem', status: 413 }]);
    expect((await ddb.send(new GetItemCommand({ TableName: 'Faulty', Key: key('a') }))).$metadata.httpStatusCode).toBe(200);
  });

  it('checks SigV4 for service dynamodb: an unknown key, a wrong secret', async () => {
    const stranger = client(local, EAST, { credentials: { accessKeyId: 'AKIASTRANGER00000000', secretAccessKey: local.credentials.secretAccessKey } });
    expect((await failure(stranger.send(new GetItemCommand({ TableName: 'Faulty', Key: key('a') })))).name).toBe('UnrecognizedClientException');
    const forger = client(local, EAST, { credentials: { accessKeyId: local.credentials.accessKeyId, secretAccessKey: 'wrong' } });
    expect((await failure(forger.send(new GetItemCommand({ TableName: 'Faulty', Key: key('a') })))).name).toBe('InvalidSignatureException');
  });
});
