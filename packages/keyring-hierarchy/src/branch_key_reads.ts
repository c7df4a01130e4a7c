/**
 * Reading one key of a branch key store in one region: GetItem, the item's checks (its id, type and
 * version are the ones asked for; its `kms-arn` is the store's key, or the same multi-region key),
 * then KMS Decrypt with the item's encryption context, which authenticates every attribute.
 */
import { Buffer } from 'node:buffer';
import { KeyringError, type EncryptionContext } from '@envelope/core';
import { ACTIVE_TYPE, BEACON_TYPE, VERSION_PREFIX, itemKey, readBranchKeyItem, type BranchKeyItem } from './branch_key_items.js';
import { uuidToBytes } from './hierarchy_edk.js';
import { arnInRegion, compatibleArn, kmsRegionFor } from './internal/kms_arn.js';
import type { RegionalClients } from './regional_clients.js';

/** Which key to read. */
export type KeyRequest =
  | { readonly kind: 'active'; readonly branchKeyId: string }
  | { readonly kind: 'version'; readonly branchKeyId: string; readonly version: string }
  | { readonly kind: 'beacon'; readonly branchKeyId: string };

/** A branch key (or beacon key) in the clear, with what identifies it. */
export interface BranchKeyMaterials {
  /** The branch key's id. */
  readonly branchKeyId: string;
  /** The branch key version (a UUID); empty for the beacon key. */
  readonly version: string;
  /** The version as its 16 bytes (empty for the beacon key). */
  readonly versionBytes: Uint8Array;
  /** The 32-byte key. Wiped when the keyring's cache evicts it. */
  readonly key: Uint8Array;
  /** The custom encryption context the key was created with (without the `aws-crypto-ec:` prefix). */
  readonly encryptionContext: EncryptionContext;
  /** The item's `kms-arn`. */
  readonly kmsArn: string;
  /** The item's `create-time`. */
  readonly createTime: string;
  /** The region it was read in. */
  readonly region: string;
}

/** What a read needs of its store. */
export interface ReadContext {
  readonly clients: RegionalClients;
  readonly tableName: string;
  readonly logicalKeyStoreName: string;
  readonly kmsKeyArn: string;
}

/** The sort key of the item a request reads. */
export function typeOf(r: KeyRequest): string {
  return r.kind === 'active' ? ACTIVE_TYPE : r.kind === 'beacon' ? BEACON_TYPE : VERSION_PREFIX + r.version;
}

/** GetItem of the request's item in `region`; undefined when there is none. */
export async function getItem(ctx: ReadContext, region: string, r: KeyRequest, signal?: AbortSignal, consistent = false): Promise<BranchKeyItem | undefined> {
  const client = await ctx.clients.dynamodb(region);
  const { GetItemCommand } = await import('@aws-sdk/client-dynamodb');
  const type = typeOf(r);
  const out = await ctx.clients.call({ service: 'DynamoDB', method: 'GetItem', region, table: ctx.tableName }, `GetItem of ${type}`, (abortSignal) =>
    client.send(new GetItemCommand({ TableName: ctx.tableName, Key: itemKey(r.branchKeyId, type), ConsistentRead: consistent }), { abortSignal }), signal);
  if (!out.Item) return undefined;
  const item = readBranchKeyItem(out.Item, ctx.logicalKeyStoreName);
  const wrong = (what: string): never => {
    throw new KeyringError(`branch key store: the item read for ${JSON.stringify(r.branchKeyId)} (${type}) has ${what}`);
  };
  if (item.branchKeyId !== r.branchKeyId) wrong('another branch key id');
  if (item.type !== type) wrong(`type ${JSON.stringify(item.type)}`);
  if (r.kind === 'version' && item.version !== r.version.toLowerCase()) wrong('another version');
  if (!compatibleArn(ctx.kmsKeyArn, item.kmsArn)) wrong(`kms-arn ${item.kmsArn}, which is not this store's KMS key ${ctx.kmsKeyArn}`);
  return item;
}

/** KMS Decrypt of an item's key, with the KMS key as seen from `region` (a multi-region key's replica there). */
export async function decryptItem(ctx: ReadContext, region: string, item: BranchKeyItem, signal?: AbortSignal): Promise<Uint8Array> {
  const keyId = arnInRegion(ctx.kmsKeyArn, kmsRegionFor(ctx.kmsKeyArn, region));
  const kmsRegion = kmsRegionFor(ctx.kmsKeyArn, region);
  const client = await ctx.clients.kms(kmsRegion);
  const { DecryptCommand } = await import('@aws-sdk/client-kms');
  const out = await ctx.clients.call({ service: 'KMS', method: 'Decrypt', region: kmsRegion, keyId }, `Decrypt of ${item.type} of ${JSON.stringify(item.branchKeyId)}`, (abortSignal) =>
    client.send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: item.enc, EncryptionContext: item.kmsContext }), { abortSignal }), signal);
  const key = out.Plaintext;
  if (!key || key.length !== 32) {
    key?.fill(0);
    throw new KeyringError(`branch key store: KMS returned no 32-byte key for ${JSON.stringify(item.branchKeyId)} (${item.type})`);
  }
  return key;
}

/** Reads and opens one key in one region. */
export async function readKey(ctx: ReadContext, region: string, r: KeyRequest, signal?: AbortSignal): Promise<BranchKeyMaterials> {
  const item = await getItem(ctx, region, r, signal);
  if (!item) throw new KeyringError(`branch key store: no ${typeOf(r)} item for branch key ${JSON.stringify(r.branchKeyId)} in table ${ctx.tableName} (${region})`);
  const key = await decryptItem(ctx, region, item, signal);
  const version = item.version ?? '';
  return {
    branchKeyId: item.branchKeyId,
    version,
    versionBytes: version ? uuidToBytes(version) : new Uint8Array(0),
    key: Buffer.from(key.buffer, key.byteOffset, key.byteLength),
    encryptionContext: item.customContext,
    kmsArn: item.kmsArn,
    createTime: item.createTime,
    region,
  };
}
