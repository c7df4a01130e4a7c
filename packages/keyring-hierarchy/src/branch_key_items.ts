/**
 * The items of a branch key store table (AWS ESDK spec, branch-key-store.md § Record Format), as
 * the Material Providers Library and esdk-js write them, and the KMS encryption contexts built from
 * them. One branch key id has three kinds of item (partition key `branch-key-id`, sort key `type`):
 *
 *   type = "branch:version:<uuid>"   a version (DECRYPT_ONLY): opens messages of that version
 *   type = "branch:ACTIVE"           the version new messages use; `version` = "branch:version:<uuid>"
 *   type = "beacon:ACTIVE"           the beacon key (searchable encryption)
 *
 * Every item holds `enc` (B, the KMS ciphertext of the 32-byte key), `create-time` (S, ISO 8601 to
 * the microsecond), `kms-arn` (S), `hierarchy-version` (N, 1) and the custom context as
 * `aws-crypto-ec:<key>` (S). The KMS encryption context of an item is every attribute but `enc`,
 * as strings, plus `tablename` = the logical key store name, which binds keys to their store.
 */
import { Buffer } from 'node:buffer';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { KeyringError, type EncryptionContext } from '@envelope/core';
import { isUuid } from './hierarchy_edk.js';

export const PARTITION_KEY = 'branch-key-id';
export const SORT_KEY = 'type';
export const ACTIVE_TYPE = 'branch:ACTIVE';
export const VERSION_PREFIX = 'branch:version:';
export const BEACON_TYPE = 'beacon:ACTIVE';
export const ENC = 'enc';
export const ACTIVE_VERSION = 'version';
export const CREATE_TIME = 'create-time';
export const KMS_ARN = 'kms-arn';
export const HIERARCHY_VERSION = 'hierarchy-version';
export const TABLE_NAME = 'tablename';
export const CUSTOM_PREFIX = 'aws-crypto-ec:';

/** An item as DynamoDB returns it. */
export type Item = Record<string, AttributeValue>;

/** A validated item. */
export interface BranchKeyItem {
  readonly branchKeyId: string;
  /** The item's sort key. */
  readonly type: string;
  /** The branch key version (a UUID); for the beacon key, undefined. */
  readonly version: string | undefined;
  readonly kmsArn: string;
  readonly createTime: string;
  /** The KMS ciphertext of the key. */
  readonly enc: Uint8Array;
  /** The KMS encryption context of `enc`. */
  readonly kmsContext: Record<string, string>;
  /** The custom context, without its `aws-crypto-ec:` prefix. */
  readonly customContext: EncryptionContext;
}

const bad = (branchKeyId: string, why: string): never => {
  throw new KeyringError(`branch key store: the item of ${JSON.stringify(branchKeyId)} ${why}`);
};

function str(item: Item, name: string, id: string): string {
  const v = item[name]?.S;
  return typeof v === 'string' ? v : bad(id, `has no ${name} string attribute`);
}

/** Checks an item read from the table and builds its KMS encryption context. */
export function readBranchKeyItem(item: Item, logicalKeyStoreName: string): BranchKeyItem {
  const id = item[PARTITION_KEY]?.S ?? bad('?', `has no ${PARTITION_KEY} string attribute`);
  const type = str(item, SORT_KEY, id);
  const enc = item[ENC]?.B;
  if (!(enc instanceof Uint8Array)) bad(id, `has no ${ENC} binary attribute`);
  const hv = item[HIERARCHY_VERSION]?.N ?? bad(id, `has no ${HIERARCHY_VERSION} number attribute`);
  if (hv !== '1') bad(id, `has hierarchy-version ${hv}; only version 1 is supported`);
  const kmsContext: Record<string, string> = {};
  for (const [name, value] of Object.entries(item)) {
    if (name === ENC) continue;
    if (name === HIERARCHY_VERSION) kmsContext[name] = hv;
    else if (typeof value.S === 'string') kmsContext[name] = value.S;
    else bad(id, `has a ${name} attribute that is not a string`);
  }
  kmsContext[TABLE_NAME] = logicalKeyStoreName;
  let version: string | undefined;
  if (type === ACTIVE_TYPE) version = versionOf(str(item, ACTIVE_VERSION, id), id);
  else if (type.startsWith(VERSION_PREFIX)) version = versionOf(type, id);
  else if (type !== BEACON_TYPE) bad(id, `has an unknown type ${JSON.stringify(type)}`);
  const customContext: Record<string, string> = {};
  for (const [k, v] of Object.entries(kmsContext)) if (k.startsWith(CUSTOM_PREFIX)) customContext[k.slice(CUSTOM_PREFIX.length)] = v;
  return { branchKeyId: id, type, version, kmsArn: str(item, KMS_ARN, id), createTime: str(item, CREATE_TIME, id), enc: enc!, kmsContext, customContext };
}

function versionOf(type: string, id: string): string {
  const v = type.startsWith(VERSION_PREFIX) ? type.slice(VERSION_PREFIX.length) : '';
  return isUuid(v) ? v.toLowerCase() : bad(id, `names a version that is not a UUID: ${JSON.stringify(type)}`);
}

/** What a new version of a branch key is made of. */
export interface NewVersion {
  readonly branchKeyId: string;
  readonly version: string;
  readonly createTime: string;
  readonly kmsArn: string;
  readonly logicalKeyStoreName: string;
  /** Custom context, without the prefix. */
  readonly customContext: EncryptionContext;
}

/** The DECRYPT_ONLY context of a version (also the base of the ACTIVE and beacon contexts). */
export function versionContext(v: NewVersion): Record<string, string> {
  const ec: Record<string, string> = {
    [PARTITION_KEY]: v.branchKeyId,
    [SORT_KEY]: VERSION_PREFIX + v.version,
    [CREATE_TIME]: v.createTime,
    [TABLE_NAME]: v.logicalKeyStoreName,
    [KMS_ARN]: v.kmsArn,
    [HIERARCHY_VERSION]: '1',
  };
  for (const [k, value] of Object.entries(v.customContext)) ec[CUSTOM_PREFIX + k] = value;
  return ec;
}

/** The ACTIVE context: the version's, with `type` = branch:ACTIVE and `version` = the version's type. */
export function activeContext(version: Readonly<Record<string, string>>): Record<string, string> {
  return { ...version, [ACTIVE_VERSION]: version[SORT_KEY]!, [SORT_KEY]: ACTIVE_TYPE };
}

/** The beacon key's context: the version's, with `type` = beacon:ACTIVE. */
export function beaconContext(version: Readonly<Record<string, string>>): Record<string, string> {
  return { ...version, [SORT_KEY]: BEACON_TYPE };
}

/** The item written for a KMS context and its ciphertext (`tablename` is not stored; `hierarchy-version` is a number). */
export function itemOf(kmsContext: Readonly<Record<string, string>>, enc: Uint8Array): Item {
  const item: Item = {};
  for (const [k, v] of Object.entries(kmsContext)) {
    if (k === TABLE_NAME) continue;
    item[k] = k === HIERARCHY_VERSION ? { N: v } : { S: v };
  }
  item[ENC] = { B: enc };
  return item;
}

/** Now, in the store's format: ISO 8601 in UTC to the microsecond. */
export function createTimeNow(now: Date = new Date()): string {
  return now.toISOString().replace(/Z$/, '000Z');
}

/** The key of an item. */
export function itemKey(branchKeyId: string, type: string): Item {
  return { [PARTITION_KEY]: { S: branchKeyId }, [SORT_KEY]: { S: type } };
}

/** Whether two KMS ciphertexts are the same bytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
