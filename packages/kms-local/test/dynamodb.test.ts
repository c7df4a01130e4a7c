// kms-local's DynamoDB through the real @aws-sdk/client-dynamodb: the subset a branch key store
// uses (tables, GetItem/PutItem/DeleteItem, conditions, TransactWriteItems, Query) with the outcomes
// and error shapes AWS documents.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DynamoDBClient, CreateTableCommand, DescribeTableCommand, DeleteTableCommand, GetItemCommand, PutItemCommand,
  DeleteItemCommand, QueryCommand, TransactWriteItemsCommand, ListTablesCommand, type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { startKmsLocal, type KmsLocal } from '@envelope/kms-local';

const REGION = 'us-west-2';
let local: KmsLocal;
let ddb: DynamoDBClient;

/** The error a call fails with (name, message and the SDK's parsed members), or 'no error'. */
async function failure(p: Promise<unknown>): Promise<{ name: string; message: string; status?: number; CancellationReasons?: unknown; Item?: unknown }> {
  try {
    await p;
    return { name: 'no error', message: '' };
  } catch (e) {
    const err = e as Error & { $metadata?: { httpStatusCode?: number }; CancellationReasons?: unknown; Item?: unknown };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode, CancellationReasons: err.CancellationReasons, Item: err.Item };
  }
}

/** A table shaped as the Material Providers Library's branch key store creates it. */
async function keyStoreTable(name: string, client = ddb): Promise<void> {
  await client.send(new CreateTableCommand({
    TableName: name,
    KeySchema: [{ AttributeName: 'branch-key-id', KeyType: 'HASH' }, { AttributeName: 'type', KeyType: 'RANGE' }],
    AttributeDefinitions: [{ AttributeName: 'branch-key-id', AttributeType: 'S' }, { AttributeName: 'type', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  }));
}

const key = (id: string, type: string): Record<string, AttributeValue> => ({ 'branch-key-id': { S: id }, type: { S: type } });
const record = (id: string, type: string, blob: number): Record<string, AttributeValue> => ({ ...key(id, type), enc: { B: new Uint8Array([blob, 1, 2]) }, version: { S: `v${blob}` } });

beforeAll(async () => {
  local = await startKmsLocal({ regions: [REGION], stateDir: mkdtempSync(path.join(tmpdir(), 'kms-local-ddb-')) });
  ddb = new DynamoDBClient({ region: REGION, endpoint: local.endpoints[REGION], credentials: local.credentials, maxAttempts: 1 });
  await keyStoreTable('KeyStore');
});
afterAll(async () => {
  ddb.destroy();
  await local.close();
});

describe('tables', () => {
  it('CreateTable, DescribeTable, ListTables, DeleteTable; an existing table is ResourceInUseException, a missing one ResourceNotFoundException', async () => {
    await keyStoreTable('Scratch');
    const d = await ddb.send(new DescribeTableCommand({ TableName: 'Scratch' }));
    expect(d.Table).toMatchObject({ TableName: 'Scratch', TableStatus: 'ACTIVE', TableArn: `arn:aws:dynamodb:${REGION}:${local.accountId}:table/Scratch` });
    expect(d.Table?.KeySchema).toEqual([{ AttributeName: 'branch-key-id', KeyType: 'HASH' }, { AttributeName: 'type', KeyType: 'RANGE' }]);
    expect(d.Table?.CreationDateTime).toBeInstanceOf(Date);
    expect((await ddb.send(new ListTablesCommand({}))).TableNames).toEqual(['KeyStore', 'Scratch']);
    const again = await failure(keyStoreTable('Scratch'));
    expect(again).toMatchObject({ name: 'ResourceInUseException', message: 'Table already exists: Scratch', status: 400 });
    expect((await ddb.send(new DeleteTableCommand({ TableName: 'Scratch' }))).TableDescription?.TableStatus).toBe('DELETING');
    const gone = await failure(ddb.send(new DescribeTableCommand({ TableName: 'Scratch' })));
    expect(gone).toMatchObject({ name: 'ResourceNotFoundException', message: 'Requested resource not found: Table: Scratch not found' });
    expect((await failure(ddb.send(new GetItemCommand({ TableName: 'Scratch', Key: key('a', 'b') })))).name).toBe('ResourceNotFoundException');
    expect((await failure(ddb.send(new PutItemCommand({ TableName: 'Nope', Item: key('a', 'b') })))).name).toBe('ResourceNotFoundException');
  });

  it('an operation kms-local does not emulate is UnknownOperationException, in DynamoDB\'s shape', async () => {
    const url = new URL(local.endpoints[REGION]!);
    const signer = new SignatureV4({ credentials: local.credentials, region: REGION, service: 'dynamodb', sha256: Hash.bind(null, 'sha256') });
    const req = await signer.sign(new HttpRequest({
      method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/',
      headers: { host: url.host, 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.Scan' }, body: '{"TableName":"KeyStore"}',
    }));
    const res = await fetch(url, { method: 'POST', headers: req.headers as Record<string, string>, body: '{"TableName":"KeyStore"}' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(await res.json()).toEqual({ __type: 'com.amazon.coral.service#UnknownOperationException', message: 'Unknown operation Scan' });
  });

  it('refuses a key schema AWS refuses', async () => {
    const bad = await failure(ddb.send(new CreateTableCommand({
      TableName: 'Bad', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'extra', AttributeType: 'S' }],
    })));
    expect(bad).toMatchObject({ name: 'ValidationException', message: expect.stringContaining('Number of attributes in KeySchema does not exactly match') });
    const noCapacity = await failure(ddb.send(new CreateTableCommand({
      TableName: 'Bad', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    })));
    expect(noCapacity.message).toContain('ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED');
    expect((await failure(ddb.send(new DescribeTableCommand({ TableName: 'ab' })))).message).toContain("Value 'ab' at 'tableName' failed to satisfy constraint");
  });
});

describe('items', () => {
  it('round-trips every attribute type; numbers come back in canonical form', async () => {
    const item: Record<string, AttributeValue> = {
      ...key('types', 'all'),
      s: { S: 'ü✓' }, n: { N: '0012.500' }, b: { B: new Uint8Array([0, 255]) }, t: { BOOL: true }, z: { NULL: true },
      m: { M: { inner: { L: [{ S: 'x' }, { N: '-1e2' }] } } }, ss: { SS: ['a', 'b'] }, ns: { NS: ['1', '2.50'] }, bs: { BS: [new Uint8Array([1]), new Uint8Array([2])] },
    };
    await ddb.send(new PutItemCommand({ TableName: 'KeyStore', Item: item }));
    const got = (await ddb.send(new GetItemCommand({ TableName: 'KeyStore', Key: key('types', 'all'), ConsistentRead: true }))).Item!;
    expect(got['n']).toEqual({ N: '12.5' });
    expect(got['m']).toEqual({ M: { inner: { L: [{ S: 'x' }, { N: '-100' }] } } });
    expect(got['ns']).toEqual({ NS: ['1', '2.5'] });
    expect(Buffer.from(got['b']!.B!).toString('hex')).toBe('00ff');
    expect(got['s']).toEqual({ S: 'ü✓' });
    expect(got['z']).toEqual({ NULL: true });
    expect(got['bs']?.BS?.map((x) => Buffer.from(x).toString('hex'))).toEqual(['01', '02']);
    expect((await ddb.send(new GetItemCommand({ TableName: 'KeyStore', Key: key('types', 'none') }))).Item).toBeUndefined();
  });

  it('attribute names such as __proto__ and constructor are plain names', async () => {
    const item = { ...key('proto', 'x'), ['__proto__']: { S: 'p' }, constructor: { S: 'c' } } as Record<string, AttributeValue>;
    Object.defineProperty(item, '__proto__', { value: { S: 'p' }, enumerable: true });
    await ddb.send(new PutItemCommand({ TableName: 'KeyStore', Item: item, ConditionExpression: 'attribute_not_exists(#p)', ExpressionAttributeNames: { '#p': '__proto__' } }));
    const got = (await ddb.send(new GetItemCommand({ TableName: 'KeyStore', Key: key('proto', 'x') }))).Item!;
    expect(Object.hasOwn(got, '__proto__')).toBe(true);
    expect(got['constructor']).toEqual({ S: 'c' });
    expect(({} as Record<string, unknown>)['S']).toBeUndefined();
  });

  it('missing or mistyped key attributes are ValidationException, worded as AWS words them', async () => {
    expect(await failure(ddb.send(new GetItemCommand({ TableName: 'KeyStore', Key: { 'branch-key-id': { S: 'a' } } }))))
      .toMatchObject({ name: 'ValidationException', message: 'The provided key element does not match the schema', status: 400 });
    expect((await failure(ddb.send(new GetItemCommand({ TableName: 'KeyStore', Key: { 'branch-key-id': { S: 'a' }, type: { N: '1' } } })))).message)
      .toBe('The provided key element does not match the schema');
    expect((await failure(ddb.send(new PutItemCommand({ TableName: 'KeyStore', Item: { 'branch-key-id': { S: 'a' } } })))).message)
      .toBe('One or more parameter values were invalid: Missing the key type in the item');
    expect((await failure(ddb.send(new PutItemCommand({ TableName: 'KeyStore', Item: { 'branch-key-id': { S: 'a' }, type: { B: new Uint8Array([1]) } } })))).message)
      .toBe('One or more parameter values were invalid: Type mismatch for key type expected: S actual: B');
    expect((await failure(ddb.send(new PutItemCommand({ TableName: 'KeyStore', Item: key('', 'x') })))).message)
      .toContain('The AttributeValue for a key attribute cannot contain an empty string value. Key: branch-key-id');
    expect((await failure(ddb.send(new DeleteItemCommand({ TableName: 'KeyStore', Key: { type: { S: 'x' } } })))).name).toBe('ValidationException');
  });

  it('an item over 400 KB is a ValidationException', async () => {
    const big = { ...key('big', 'x'), blob: { B: new Uint8Array(400 * 1024) } };
    expect(await failure(ddb.send(new PutItemCommand({ TableName: 'KeyStore', Item: big }))))
      .toMatchObject({ name: 'ValidationException', message: 'Item size has exceeded the maximum allowed size' });
    await ddb.send(new PutItemCommand({ TableName: 'KeyStore', Item: { ...key('big', 'x'), blob: { B: new Uint8Array(399 * 1024) } } }));
  });
});

describe('conditions', () => {
  it('conditional puts: attribute_not_exists, #enc = :old, AND/OR/NOT/parentheses, <>', async () => {
    const put = (item: Record<string, AttributeValue>, extra: Partial<ConstructorParameters<typeof PutItemCommand>[0]> = {}) =>
      ddb.send(new PutItemCommand({ TableName: 'KeyStore', Item: item, ...extra }));
    const create = { ConditionExpression: 'attribute_not_exists(#bkid)', ExpressionAttributeNames: { '#bkid': 'branch-key-id' } };
    await put(record('c1', 'branch:ACTIVE', 1), create);
    const dup = await failure(put(record('c1', 'branch:ACTIVE', 9), { ...create, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }));
    expect(dup).toMatchObject({ name: 'ConditionalCheckFailedException', message: 'The conditional request failed', status: 400 });
    expect((dup.Item as Record<string, AttributeValue>)['version']).toEqual({ S: 'v1' });
    const swap = (old: number) => ({
      ConditionExpression: 'attribute_exists(#bkid) AND #enc = :encOld',
      ExpressionAttributeNames: { '#bkid': 'branch-key-id', '#enc': 'enc' },
      ExpressionAttributeValues: { ':encOld': { B: new Uint8Array([old, 1, 2]) } },
    });
    expect((await failure(put(record('c1', 'branch:ACTIVE', 2), swap(7)))).name).toBe('ConditionalCheckFailedException');
    await put(record('c1', 'branch:ACTIVE', 2), swap(1));
    expect((await failure(put(record('c2', 'branch:ACTIVE', 2), swap(1)))).name).toBe('ConditionalCheckFailedException');
    const logic = {
      ConditionExpression: 'NOT (#v = :a OR #v = :b) AND (#v <> :c)',
      ExpressionAttributeNames: { '#v': 'version' },
      ExpressionAttributeValues: { ':a': { S: 'v1' }, ':b': { S: 'v9' }, ':c': { S: 'v3' } },
    };
    await put(record('c1', 'branch:ACTIVE', 3), logic);
    expect((await failure(put(record('c1', 'branch:ACTIVE', 4), logic))).name).toBe('ConditionalCheckFailedException');
    const got = await ddb.send(new GetItemCommand({ TableName: 'KeyStore', Key: key('c1', 'branch:ACTIVE'), ConsistentRead: true }));
    expect(got.Item?.['version']).toEqual({ S: 'v3' });
  });

  it('DeleteItem with a condition, and ReturnValues ALL_OLD', async () => {
    await ddb.send(new PutItemCommand({ TableName: 'KeyStore', Item: record('d1', 'x', 5) }));
    const cond = { ConditionExpression: '#v = :v', ExpressionAttributeNames: { '#v': 'version' } };
    expect((await failure(ddb.send(new DeleteItemCommand({ TableName: 'KeyStore', Key: key('d1', 'x'), ...cond, ExpressionAttributeValues: { ':v': { S: 'v6' } } })))).name).toBe('ConditionalCheckFailedException');
    const del = await ddb.send(new DeleteItemCommand({ TableName: 'KeyStore', Key: key('d1', 'x'), ...cond, ExpressionAttributeValues: { ':v': { S: 'v5' } }, ReturnValues: 'ALL_OLD' }));
    expect(del.Attributes?.['version']).toEqual({ S: 'v5' });
    expect((await ddb.send(new GetItemCommand({ TableName: 'KeyStore', Key: key('d1', 'x') }))).Item).toBeUndefined();
  });

  it('expression mistakes are ValidationException: undefined or unused placeholders, syntax, reserved words', async () => {
    const put = (extra: Partial<ConstructorParameters<typeof PutItemCommand>[0]>) => failure(ddb.send(new PutItemCommand({ TableName: 'KeyStore', Item: record('e1', 'x', 1), ...extra })));
    expect((await put({ ConditionExpression: 'attribute_exists(#nope)' })).message).toBe('Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #nope');
    expect((await put({ ConditionExpression: 'enc = :nope' })).message).toBe('Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :nope');
    expect((await put({ ConditionExpression: 'attribute_not_exists(enc)', ExpressionAttributeNames: { '#x': 'x' } })).message).toBe('Value provided in ExpressionAttributeNames unused in expressions: keys: {#x}');
    expect((await put({ ConditionExpression: 'attribute_not_exists(enc) AND', ExpressionAttributeNames: undefined })).message).toMatch(/^Invalid ConditionExpression: Syntax error; token: "<EOF>"/);
    expect((await put({ ConditionExpression: 'attribute_not_exists(type)' })).message).toBe('Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: type');
    expect((await put({ ExpressionAttributeValues: { ':v': { S: 'x' } } })).message).toBe('ExpressionAttributeValues can only be specified when using expressions');
    expect((await put({ ConditionExpression: 'nofunc(enc)' })).message).toBe('Invalid ConditionExpression: Invalid function name; function: nofunc');
  });
});

describe('TransactWriteItems', () => {
  const create = (id: string, type: string, blob: number) => ({
    Put: { TableName: 'KeyStore', Item: record(id, type, blob), ConditionExpression: 'attribute_not_exists(#bkid)', ExpressionAttributeNames: { '#bkid': 'branch-key-id' } },
  });

  it('writes all of a successful transaction (the key store\'s CreateKey shape)', async () => {
    await ddb.send(new TransactWriteItemsCommand({ TransactItems: [create('t1', 'branch:version:a', 1), create('t1', 'branch:ACTIVE', 1), create('t1', 'beacon:ACTIVE', 1)] }));
    const q = await ddb.send(new QueryCommand({ TableName: 'KeyStore', KeyConditionExpression: '#p = :p', ExpressionAttributeNames: { '#p': 'branch-key-id' }, ExpressionAttributeValues: { ':p': { S: 't1' } } }));
    expect(q.Items?.map((i) => i['type']?.S)).toEqual(['beacon:ACTIVE', 'branch:ACTIVE', 'branch:version:a']);
  });

  it('a failed condition cancels the whole transaction with one CancellationReason per action, in order', async () => {
    await ddb.send(new TransactWriteItemsCommand({ TransactItems: [create('t2', 'branch:ACTIVE', 1)] }));
    const f = await failure(ddb.send(new TransactWriteItemsCommand({
      TransactItems: [create('t2', 'branch:version:b', 2), { ...create('t2', 'branch:ACTIVE', 2), Put: { ...create('t2', 'branch:ACTIVE', 2).Put, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } }],
    })));
    expect(f.name).toBe('TransactionCanceledException');
    expect(f.message).toBe('Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]');
    const reasons = f.CancellationReasons as { Code: string; Message?: string; Item?: Record<string, AttributeValue> }[];
    expect(reasons.map((r) => r.Code)).toEqual(['None', 'ConditionalCheckFailed']);
    expect(reasons[1]?.Message).toBe('The conditional request failed');
    expect(reasons[1]?.Item?.['version']).toEqual({ S: 'v1' });
    expect((await ddb.send(new GetItemCommand({ TableName: 'KeyStore', Key: key('t2', 'branch:version:b') }))).Item).toBeUndefined();
  });

  it('ConditionCheck and Delete; two actions on one item are a ValidationException', async () => {
    await ddb.send(new PutItemCommand({ TableName: 'KeyStore', Item: record('t3', 'a', 1) }));
    await ddb.send(new PutItemCommand({ TableName: 'KeyStore', Item: record('t3', 'b', 1) }));
    const check = (v: string) => ({ ConditionCheck: { TableName: 'KeyStore', Key: key('t3', 'a'), ConditionExpression: '#v = :v', ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: { ':v': { S: v } } } });
    const del = { Delete: { TableName: 'KeyStore', Key: key('t3', 'b') } };
    const f = await failure(ddb.send(new TransactWriteItemsCommand({ TransactItems: [check('v2'), del] })));
    expect((f.CancellationReasons as { Code: string }[]).map((r) => r.Code)).toEqual(['ConditionalCheckFailed', 'None']);
    expect((await ddb.send(new GetItemCommand({ TableName: 'KeyStore', Key: key('t3', 'b') }))).Item).toBeDefined();
    await ddb.send(new TransactWriteItemsCommand({ TransactItems: [check('v1'), del] }));
    expect((await ddb.send(new GetItemCommand({ TableName: 'KeyStore', Key: key('t3', 'b') }))).Item).toBeUndefined();
    const twice = await failure(ddb.send(new TransactWriteItemsCommand({ TransactItems: [create('t3', 'c', 1), { Delete: { TableName: 'KeyStore', Key: key('t3', 'c') } }] })));
    expect(twice).toMatchObject({ name: 'ValidationException', message: 'Transaction request cannot include multiple operations on one item' });
    const missing = await failure(ddb.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: 'NoTable', Item: key('x', 'y') } }] })));
    expect(missing.name).toBe('ResourceNotFoundException');
    const mistyped = await failure(ddb.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: 'KeyStore', Item: { 'branch-key-id': { N: '1' }, type: { S: 'y' } } } }] })));
    expect(mistyped.message).toBe('One or more parameter values were invalid: Type mismatch for key branch-key-id expected: S actual: N');
  });

  it('a retry with the same ClientRequestToken succeeds without writing again', async () => {
    const input = { TransactItems: [create('t4', 'x', 1)], ClientRequestToken: 'token-t4' };
    await ddb.send(new TransactWriteItemsCommand(input));
    await ddb.send(new TransactWriteItemsCommand(input));
    const other = await failure(ddb.send(new TransactWriteItemsCommand({ ...input, TransactItems: [create('t4', 'y', 1)] })));
    expect(other.name).toBe('IdempotentParameterMismatchException');
  });
});

describe('Query', () => {
  beforeAll(async () => {
    for (const t of ['branch:version:b', 'branch:version:a', 'branch:ACTIVE', 'beacon:ACTIVE']) await ddb.send(new PutItemCommand({ TableName: 'KeyStore', Item: record('q1', t, 1) }));
    await ddb.send(new PutItemCommand({ TableName: 'KeyStore', Item: record('q2', 'branch:ACTIVE', 1) }));
  });
  const q = (extra: Partial<ConstructorParameters<typeof QueryCommand>[0]> = {}) => ddb.send(new QueryCommand({
    TableName: 'KeyStore', KeyConditionExpression: '#p = :p', ExpressionAttributeNames: { '#p': 'branch-key-id' }, ExpressionAttributeValues: { ':p': { S: 'q1' } }, ...extra,
  }));

  it('returns one partition in sort-key order, begins_with, reversed, paged', async () => {
    expect((await q()).Items?.map((i) => i['type']?.S)).toEqual(['beacon:ACTIVE', 'branch:ACTIVE', 'branch:version:a', 'branch:version:b']);
    const prefixed = await q({ KeyConditionExpression: '#p = :p AND begins_with(#t, :v)', ExpressionAttributeNames: { '#p': 'branch-key-id', '#t': 'type' }, ExpressionAttributeValues: { ':p': { S: 'q1' }, ':v': { S: 'branch:version:' } } });
    expect(prefixed.Items?.map((i) => i['type']?.S)).toEqual(['branch:version:a', 'branch:version:b']);
    expect((await q({ ScanIndexForward: false })).Items?.[0]?.['type']?.S).toBe('branch:version:b');
    const first = await q({ Limit: 3 });
    expect(first.Count).toBe(3);
    const rest = await q({ Limit: 3, ExclusiveStartKey: first.LastEvaluatedKey });
    expect(rest.Items?.map((i) => i['type']?.S)).toEqual(['branch:version:b']);
    const filtered = await q({ FilterExpression: '#t = :t', ExpressionAttributeNames: { '#p': 'branch-key-id', '#t': 'type' }, ExpressionAttributeValues: { ':p': { S: 'q1' }, ':t': { S: 'branch:ACTIVE' } } });
    expect([filtered.Count, filtered.ScannedCount]).toEqual([1, 4]);
  });

  it('a key condition without the partition key, or on another attribute, is a ValidationException', async () => {
    const noPk = await failure(q({ KeyConditionExpression: '#p = :p', ExpressionAttributeNames: { '#p': 'type' } }));
    expect(noPk).toMatchObject({ name: 'ValidationException', message: 'Query condition missed key schema element: branch-key-id' });
    expect((await failure(q({ KeyConditionExpression: '#p = :p OR #p = :p' }))).message).toBe('Invalid operator used in KeyConditionExpression: OR');
    expect((await failure(q({ ExpressionAttributeValues: { ':p': { N: '1' } } }))).message).toBe('One or more parameter values were invalid: Condition parameter type does not match schema type');
  });
});
