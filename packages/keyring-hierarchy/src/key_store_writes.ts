/**
 * CreateKey and VersionKey (AWS ESDK spec, branch-key-store.md, hierarchy-version 1), in the
 * store's write region:
 * - a version's key comes from KMS GenerateDataKeyWithoutPlaintext under its DECRYPT_ONLY context;
 *   its ACTIVE item is the same key moved to the ACTIVE context by ReEncrypt, so the plaintext never
 *   leaves KMS; the beacon key is a second GenerateDataKeyWithoutPlaintext;
 * - the items go in one TransactWriteItems, each Put conditioned on `attribute_not_exists`;
 * - VersionKey first authenticates the ACTIVE item it read (ReEncrypt to its own context), and its
 *   ACTIVE Put is conditioned on `enc` still being the ciphertext it read (`#enc = :encOld`), so of
 *   two concurrent VersionKeys one fails instead of both "winning" with one version lost.
 */
import { randomUUID } from 'node:crypto';
import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { InvalidArgumentError, KeyringError, type EncryptionContext } from '@envelope/core';
import {
  ACTIVE_VERSION,
  CREATE_TIME,
  ENC,
  PARTITION_KEY,
  SORT_KEY,
  VERSION_PREFIX,
  activeContext,
  beaconContext,
  createTimeNow,
  itemOf,
  versionContext,
  type Item,
} from './branch_key_items.js';
import { getItem, type ReadContext } from './branch_key_reads.js';
import { arnInRegion, kmsRegionFor } from './internal/kms_arn.js';
import { loadDynamoDbSdk, loadKmsSdk, StoreCallError } from './regional_clients.js';

/** Where writes go. */
export interface WriteContext extends ReadContext {
  readonly writeRegion: string;
}

function kmsTarget(ctx: WriteContext): { region: string; keyId: string } {
  const region = kmsRegionFor(ctx.kmsKeyArn, ctx.writeRegion);
  return { region, keyId: arnInRegion(ctx.kmsKeyArn, region) };
}

async function generate(ctx: WriteContext, context: Record<string, string>): Promise<Uint8Array> {
  const { region, keyId } = kmsTarget(ctx);
  const client = await ctx.clients.kms(region);
  const { GenerateDataKeyWithoutPlaintextCommand } = await loadKmsSdk();
  const out = await ctx.clients.call({ service: 'KMS', method: 'GenerateDataKeyWithoutPlaintext', region, keyId }, `GenerateDataKeyWithoutPlaintext of ${context[SORT_KEY]}`, (abortSignal) =>
    client.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: keyId, NumberOfBytes: 32, EncryptionContext: context }), { abortSignal }));
  if (!out.CiphertextBlob) throw new KeyringError('branch key store: KMS GenerateDataKeyWithoutPlaintext returned no ciphertext');
  return out.CiphertextBlob;
}

async function reEncrypt(ctx: WriteContext, blob: Uint8Array, from: Record<string, string>, to: Record<string, string>): Promise<Uint8Array> {
  const { region, keyId } = kmsTarget(ctx);
  const client = await ctx.clients.kms(region);
  const { ReEncryptCommand } = await loadKmsSdk();
  const out = await ctx.clients.call({ service: 'KMS', method: 'ReEncrypt', region, keyId }, `ReEncrypt of ${from[SORT_KEY]}`, (abortSignal) =>
    client.send(new ReEncryptCommand({ CiphertextBlob: blob, SourceKeyId: keyId, SourceEncryptionContext: from, DestinationKeyId: keyId, DestinationEncryptionContext: to }), { abortSignal }));
  if (!out.CiphertextBlob) throw new KeyringError('branch key store: KMS ReEncrypt returned no ciphertext');
  return out.CiphertextBlob;
}

const NEW_ITEM = { ConditionExpression: 'attribute_not_exists(#bkid)', ExpressionAttributeNames: { '#bkid': PARTITION_KEY } };

async function transact(ctx: WriteContext, items: TransactWriteItem[], conflict: string): Promise<void> {
  const client = await ctx.clients.dynamodb(ctx.writeRegion);
  const { TransactWriteItemsCommand } = await loadDynamoDbSdk();
  try {
    await ctx.clients.call({ service: 'DynamoDB', method: 'TransactWriteItems', region: ctx.writeRegion, table: ctx.tableName }, 'TransactWriteItems', (abortSignal) =>
      client.send(new TransactWriteItemsCommand({ TransactItems: items }), { abortSignal }));
  } catch (e) {
    const cause = e instanceof StoreCallError ? (e.cause as { name?: string; CancellationReasons?: { Code?: string }[] }) : undefined;
    if (cause?.name === 'TransactionCanceledException' && cause.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')) {
      throw new KeyringError(`branch key store: ${conflict}`, [], { cause: e });
    }
    throw e;
  }
}

const put = (ctx: WriteContext, Item: Item, extra: Omit<NonNullable<TransactWriteItem['Put']>, 'TableName' | 'Item'>): TransactWriteItem => ({ Put: { TableName: ctx.tableName, Item, ...extra } });

/** Writes a new branch key: its first version, ACTIVE item and beacon key. */
export async function createBranchKey(ctx: WriteContext, branchKeyId: string, customContext: EncryptionContext): Promise<void> {
  const version = versionContext({ branchKeyId, version: randomUUID(), createTime: createTimeNow(), kmsArn: ctx.kmsKeyArn, logicalKeyStoreName: ctx.logicalKeyStoreName, customContext });
  const active = activeContext(version);
  const beacon = beaconContext(version);
  const versionBlob = await generate(ctx, version);
  const activeBlob = await reEncrypt(ctx, versionBlob, version, active);
  const beaconBlob = await generate(ctx, beacon);
  await transact(ctx, [put(ctx, itemOf(version, versionBlob), NEW_ITEM), put(ctx, itemOf(active, activeBlob), NEW_ITEM), put(ctx, itemOf(beacon, beaconBlob), NEW_ITEM)], `branch key ${JSON.stringify(branchKeyId)} already exists in table ${ctx.tableName}`);
}

/** Makes a new version of a branch key the ACTIVE one; older versions stay readable. */
export async function versionBranchKey(ctx: WriteContext, branchKeyId: string): Promise<{ version: string }> {
  const old = await getItem(ctx, ctx.writeRegion, { kind: 'active', branchKeyId }, undefined, true);
  if (!old) throw new InvalidArgumentError(`branch key store: no branch key ${JSON.stringify(branchKeyId)} in table ${ctx.tableName}`);
  // Authenticates the item read (every attribute is in the context) before building on it.
  await reEncrypt(ctx, old.enc, old.kmsContext, old.kmsContext);
  const newVersion = randomUUID();
  const version: Record<string, string> = { ...old.kmsContext, [SORT_KEY]: VERSION_PREFIX + newVersion, [CREATE_TIME]: createTimeNow() };
  delete version[ACTIVE_VERSION];
  const active = activeContext(version);
  const versionBlob = await generate(ctx, version);
  const activeBlob = await reEncrypt(ctx, versionBlob, version, active);
  await transact(ctx, [
    put(ctx, itemOf(version, versionBlob), NEW_ITEM),
    put(ctx, itemOf(active, activeBlob), {
      ConditionExpression: 'attribute_exists(#bkid) AND #enc = :encOld',
      ExpressionAttributeNames: { '#bkid': PARTITION_KEY, '#enc': ENC },
      ExpressionAttributeValues: { ':encOld': { B: old.enc } },
    }),
  ], `the active version of ${JSON.stringify(branchKeyId)} changed while it was being versioned (another versionKey ran); nothing was written, try again`);
  return { version: newVersion };
}
