/**
 * CreateKeyStore (AWS ESDK spec, branch-key-store.md § CreateKeyStore), idempotent: DescribeTable;
 * a table that exists must have the key schema `branch-key-id` (HASH, S) + `type` (RANGE, S); one
 * that does not is created. With several regions the table becomes a global table: the write region
 * creates it, UpdateTable `ReplicaUpdates` adds each missing replica, and we wait until each is ACTIVE.
 */
import type { DynamoDBClient, TableDescription } from '@aws-sdk/client-dynamodb';
import { KeyringError } from '@envelope/core';
import { PARTITION_KEY, SORT_KEY } from './branch_key_items.js';
import type { ReadContext } from './branch_key_reads.js';
import { loadDynamoDbSdk } from './regional_clients.js';

/** Options of {@link createKeyStoreTable}. */
export interface CreateTableOptions {
  /** The region that creates the table (the store's local region). */
  readonly writeRegion: string;
  /** Every region of the store (the write region included). */
  readonly regions: readonly string[];
  /** Give up waiting for ACTIVE after this long, ms. */
  readonly waitMs?: number;
}

async function describe(ctx: ReadContext, client: DynamoDBClient, region: string): Promise<TableDescription | undefined> {
  const { DescribeTableCommand } = await loadDynamoDbSdk();
  try {
    const out = await ctx.clients.call({ service: 'DynamoDB', method: 'DescribeTable', region, table: ctx.tableName }, 'DescribeTable', (abortSignal) =>
      client.send(new DescribeTableCommand({ TableName: ctx.tableName }), { abortSignal }));
    return out.Table;
  } catch (e) {
    if ((e as { cause?: { name?: string } }).cause?.name === 'ResourceNotFoundException') return undefined;
    throw e;
  }
}

function checkSchema(ctx: ReadContext, t: TableDescription): void {
  const key = (type: string): string | undefined => t.KeySchema?.find((k) => k.KeyType === type)?.AttributeName;
  const attrType = (name: string): string | undefined => t.AttributeDefinitions?.find((a) => a.AttributeName === name)?.AttributeType;
  const ok = t.KeySchema?.length === 2 && key('HASH') === PARTITION_KEY && key('RANGE') === SORT_KEY && attrType(PARTITION_KEY) === 'S' && attrType(SORT_KEY) === 'S';
  if (!ok) throw new KeyringError(`branch key store: table ${ctx.tableName} exists but its key schema is not ${PARTITION_KEY} (HASH, S) + ${SORT_KEY} (RANGE, S)`);
}

async function waitFor(ctx: ReadContext, client: DynamoDBClient, region: string, ready: (t: TableDescription) => boolean, waitMs: number): Promise<TableDescription> {
  const deadline = Date.now() + waitMs;
  let pause = 50;
  for (;;) {
    const t = await describe(ctx, client, region);
    if (t && ready(t)) return t;
    if (Date.now() + pause > deadline) throw new KeyringError(`branch key store: table ${ctx.tableName} in ${region} was not ready after ${waitMs} ms`);
    await new Promise((r) => setTimeout(r, pause));
    pause = Math.min(pause * 2, 2000);
  }
}

/** Creates the table if needed (and its replicas); resolves with the table's ARN. */
export async function createKeyStoreTable(ctx: ReadContext, o: CreateTableOptions): Promise<string | undefined> {
  const sdk = await loadDynamoDbSdk();
  const client = await ctx.clients.dynamodb(o.writeRegion);
  const waitMs = o.waitMs ?? 120_000;
  const global = o.regions.length > 1;
  let table = await describe(ctx, client, o.writeRegion);
  if (table) checkSchema(ctx, table);
  else {
    try {
      await ctx.clients.call({ service: 'DynamoDB', method: 'CreateTable', region: o.writeRegion, table: ctx.tableName }, 'CreateTable', (abortSignal) =>
        client.send(new sdk.CreateTableCommand({
          TableName: ctx.tableName,
          KeySchema: [{ AttributeName: PARTITION_KEY, KeyType: 'HASH' }, { AttributeName: SORT_KEY, KeyType: 'RANGE' }],
          AttributeDefinitions: [{ AttributeName: PARTITION_KEY, AttributeType: 'S' }, { AttributeName: SORT_KEY, AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
          // Global tables replicate through the table's stream.
          ...(global ? { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } } : {}),
        }), { abortSignal }));
    } catch (e) {
      // Another process created it meanwhile: that is the outcome we wanted.
      if ((e as { cause?: { name?: string } }).cause?.name !== 'ResourceInUseException') throw e;
    }
  }
  table = await waitFor(ctx, client, o.writeRegion, (t) => t.TableStatus === 'ACTIVE', waitMs);
  checkSchema(ctx, table);
  if (!global) return table.TableArn;
  const missing = o.regions.filter((r) => r !== o.writeRegion && !table!.Replicas?.some((x) => x.RegionName === r));
  for (const region of missing) {
    await ctx.clients.call({ service: 'DynamoDB', method: 'UpdateTable', region: o.writeRegion, table: ctx.tableName }, `UpdateTable (replica ${region})`, (abortSignal) =>
      client.send(new sdk.UpdateTableCommand({ TableName: ctx.tableName, ReplicaUpdates: [{ Create: { RegionName: region } }] }), { abortSignal }));
    // AWS takes one replica update at a time: wait for this one before the next.
    table = await waitFor(ctx, client, o.writeRegion, (t) => t.TableStatus === 'ACTIVE' && t.Replicas?.find((x) => x.RegionName === region)?.ReplicaStatus === 'ACTIVE', waitMs);
  }
  return table.TableArn;
}
