/**
 * CreateTable, DescribeTable, DeleteTable and ListTables. Tables are usable as soon as CreateTable
 * answers (its answer says CREATING as AWS's does; DescribeTable says ACTIVE from then on). Indexes,
 * TTL, encryption settings and tags are not emulated.
 */
import { randomUUID } from 'node:crypto';
import { itemSize, jsonObject } from './attribute_value.js';
import { constraint, DdbError, invalid } from './ddb_error.js';
import { tableArn, type DdbContext, type DdbHandler, type Json } from './ddb_context.js';
import { choice, tableName, type Input } from './request_input.js';
import { Table, type KeyAttribute, type KeyType, type TableMeta } from './table.js';

const NOT_EMULATED = ['GlobalSecondaryIndexes', 'LocalSecondaryIndexes'];

/** DescribeTable's `Table` for `t` as seen from its region. */
export function describeTable(c: DdbContext, t: Table, status?: string): Json {
  const m = t.meta;
  const keys = m.range ? [m.hash, m.range] : [m.hash];
  const others = m.replicas.filter((r) => r !== m.region);
  const replicaStatus = (r: string): string => (c.store.tables(r).get(m.name)?.meta.readyAt === undefined ? 'ACTIVE' : 'CREATING');
  const statuses = others.map(replicaStatus);
  // A table whose replica is still being created is UPDATING, as on AWS (it takes reads and writes).
  const own = m.readyAt !== undefined ? 'CREATING' : statuses.includes('CREATING') ? 'UPDATING' : 'ACTIVE';
  let size = 0;
  for (const item of t.items()) size += itemSize(item);
  return {
    TableName: m.name,
    TableArn: tableArn(c, m.region, m.name),
    TableId: m.tableId,
    TableStatus: status ?? own,
    CreationDateTime: m.creationDateTime,
    KeySchema: keys.map((k, i) => ({ AttributeName: k.name, KeyType: i === 0 ? 'HASH' : 'RANGE' })),
    AttributeDefinitions: keys.map((k) => ({ AttributeName: k.name, AttributeType: k.type })),
    ItemCount: t.itemCount,
    TableSizeBytes: size,
    BillingModeSummary: { BillingMode: m.billingMode },
    ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: m.readCapacityUnits ?? 0, WriteCapacityUnits: m.writeCapacityUnits ?? 0 },
    DeletionProtectionEnabled: false,
    ...(others.length ? { GlobalTableVersion: '2019.11.21', Replicas: others.map((r, i) => ({ RegionName: r, ReplicaStatus: statuses[i] })) } : {}),
  };
}

function keySchema(input: Input): { hash: KeyAttribute; range?: KeyAttribute } {
  const schema = input['KeySchema'];
  if (!Array.isArray(schema)) throw constraint('null', 'keySchema', 'Member must not be null');
  if (schema.length < 1 || schema.length > 2) throw constraint(`'${JSON.stringify(schema)}'`, 'keySchema', `Member must have length ${schema.length < 1 ? 'greater than or equal to 1' : 'less than or equal to 2'}`);
  const defs = Array.isArray(input['AttributeDefinitions']) ? (input['AttributeDefinitions'] as unknown[]).map(jsonObject) : undefined;
  if (!defs) throw constraint('null', 'attributeDefinitions', 'Member must not be null');
  const elems = schema.map(jsonObject);
  const names = elems.map((e) => e?.['AttributeName']);
  const types = elems.map((e) => e?.['KeyType']);
  if (names.some((n) => typeof n !== 'string' || !n)) throw invalid('1 validation error detected: Value null at \'keySchema.1.member.attributeName\' failed to satisfy constraint: Member must not be null');
  if (types[0] !== 'HASH' || (types.length === 2 && types[1] !== 'RANGE')) throw invalid('Invalid KeySchema: The first KeySchemaElement is not a HASH key type');
  if (names.length === 2 && names[0] === names[1]) throw invalid('Both the Hash Key and the Range Key element in the KeySchema have the same name');
  if (defs.length !== names.length) {
    throw invalid('One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions');
  }
  const typeOf = (name: string): KeyType => {
    const d = defs.find((x) => x?.['AttributeName'] === name);
    if (!d) throw invalid(`One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [${names.join(', ')}], AttributeDefinitions: [${defs.map((x) => String(x?.['AttributeName'])).join(', ')}]`);
    const t = d['AttributeType'];
    if (t !== 'S' && t !== 'N' && t !== 'B') throw constraint(`'${String(t)}'`, 'attributeDefinitions.member.attributeType', 'Member must satisfy enum value set: [B, N, S]');
    return t;
  };
  const hash = { name: names[0] as string, type: typeOf(names[0] as string) };
  return names.length === 2 ? { hash, range: { name: names[1] as string, type: typeOf(names[1] as string) } } : { hash };
}

function capacity(input: Input): Pick<TableMeta, 'billingMode' | 'readCapacityUnits' | 'writeCapacityUnits'> {
  const billingMode = choice(input, 'BillingMode', ['PROVISIONED', 'PAY_PER_REQUEST'] as const, 'PROVISIONED');
  const pt = jsonObject(input['ProvisionedThroughput']);
  if (billingMode === 'PAY_PER_REQUEST') {
    if (pt) throw invalid('One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST');
    return { billingMode };
  }
  const r = pt?.['ReadCapacityUnits'];
  const w = pt?.['WriteCapacityUnits'];
  if (typeof r !== 'number' || typeof w !== 'number') {
    throw invalid('One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED');
  }
  if (r < 1 || w < 1 || !Number.isInteger(r) || !Number.isInteger(w)) throw invalid('One or more parameter values were invalid: Provisioned throughput must be a positive integer');
  return { billingMode, readCapacityUnits: r, writeCapacityUnits: w };
}

const createTable: DdbHandler = (c, input) => {
  const name = tableName(input);
  const keys = keySchema(input);
  const cap = capacity(input);
  for (const m of NOT_EMULATED) if (input[m] !== undefined) throw invalid(`kms-local does not emulate ${m}`);
  const tables = c.store.tables(c.region);
  if (tables.has(name)) throw new DdbError('ResourceInUseException', `Table already exists: ${name}`);
  const meta: TableMeta = { name, region: c.region, tableId: randomUUID(), creationDateTime: Date.now() / 1000, ...keys, ...cap, replicas: [] };
  const t = new Table(meta);
  c.store.add(t);
  c.store.save();
  return { TableDescription: describeTable(c, t, 'CREATING') };
};

function existing(c: DdbContext, input: Input): Table {
  const name = tableName(input);
  const t = c.store.tables(c.region).get(name);
  if (!t) throw new DdbError('ResourceNotFoundException', `Requested resource not found: Table: ${name} not found`);
  return t;
}

const describe: DdbHandler = (c, input) => ({ Table: describeTable(c, existing(c, input)) });

const deleteTable: DdbHandler = (c, input) => {
  const t = existing(c, input);
  const answer = describeTable(c, t, 'DELETING');
  c.store.remove(t);
  const rest = t.meta.replicas.filter((r) => r !== c.region);
  for (const r of rest) {
    const other = c.store.tables(r).get(t.meta.name);
    if (other) other.meta.replicas = rest.length > 1 ? rest : [];
  }
  c.store.save();
  return { TableDescription: answer };
};

const listTables: DdbHandler = (c, input) => {
  const names = [...c.store.tables(c.region).keys()].sort();
  const start = typeof input['ExclusiveStartTableName'] === 'string' ? input['ExclusiveStartTableName'] : undefined;
  const limit = typeof input['Limit'] === 'number' ? input['Limit'] : 100;
  if (limit < 1 || limit > 100) throw constraint(String(limit), 'limit', `Member must have value ${limit < 1 ? 'greater than or equal to 1' : 'less than or equal to 100'}`);
  const after = start === undefined ? names : names.filter((n) => n > start);
  const page = after.slice(0, limit);
  return { TableNames: page, ...(after.length > limit ? { LastEvaluatedTableName: page[page.length - 1] } : {}) };
};

export const TABLE_OPERATIONS: Readonly<Record<string, DdbHandler>> = {
  CreateTable: createTable,
  DescribeTable: describe,
  DeleteTable: deleteTable,
  ListTables: listTables,
};
