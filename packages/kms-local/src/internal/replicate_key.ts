/**
 * ReplicateKey (API reference): the replica starts in the transient `Creating` state and becomes
 * `Enabled` after the server's replica delay; it gets its own description (default empty), policy
 * (default: the default key policy) and tags, not the primary's; it shares id and key material.
 */
import { KmsError } from '../kms_error.js';
import type { KeyRecord } from '../state_store.js';
import { checkPolicy } from './key_operations.js';
import { keyMetadata } from './key_metadata.js';
import { keyArn } from './region_context.js';
import type { Handler } from './operation_types.js';

/** The policy KMS attaches when a request gives none: the account may do anything with the key. */
export function defaultKeyPolicy(accountId: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'kms:*', Resource: '*' }],
  });
}

export const replicateKey: Handler = (r) => {
  const { c, input } = r;
  const k = r.key('KeyId')!;
  const target = input['ReplicaRegion'] as string;
  if (!k.multiRegion) throw new KmsError('UnsupportedOperationException', `${keyArn(c, k.keyId)} is not a multi-Region key.`);
  if ((k.primaryRegion ?? k.region) !== c.region) throw new KmsError('UnsupportedOperationException', `${keyArn(c, k.keyId)} is not a multi-region primary key.`);
  r.allow(k);
  if (target === c.region) throw new KmsError('ValidationException', `ReplicaRegion ${target} is the Region of the primary key.`);
  if (!c.regions.includes(target)) throw new KmsError('ValidationException', `kms-local does not serve Region ${target} (it serves ${c.regions.join(', ')}).`);
  if (c.store.keys(target).has(k.keyId)) throw new KmsError('AlreadyExistsException', `${keyArn({ region: target, accountId: c.accountId }, k.keyId)} already exists.`);
  checkPolicy(input['Policy']);
  return () => {
    const replica: KeyRecord = {
      ...k,
      region: target,
      state: 'Creating',
      readyAt: Date.now() + c.replicaDelayMs,
      description: typeof input['Description'] === 'string' ? input['Description'] : '',
      creationDate: Date.now() / 1000,
      primaryRegion: c.region,
    };
    delete replica.deletionDate;
    delete replica.pendingWindowInDays;
    c.store.addKey(replica);
    return {
      ReplicaKeyMetadata: keyMetadata({ ...c, region: target }, replica),
      ReplicaPolicy: typeof input['Policy'] === 'string' ? input['Policy'] : defaultKeyPolicy(c.accountId),
      ReplicaTags: Array.isArray(input['Tags']) ? input['Tags'] : [],
    };
  };
};
