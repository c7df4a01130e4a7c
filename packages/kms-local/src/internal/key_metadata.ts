/** KeyMetadata as DescribeKey, CreateKey and ReplicateKey answer it. */
import { createHash } from 'node:crypto';
import type { KeyRecord } from '../state_store.js';
import { keyArn, type RegionContext } from './region_context.js';

type Json = Record<string, unknown>;

/** Encryption algorithms a key supports (KeySpec reference). */
export function encryptionAlgorithms(k: KeyRecord): readonly string[] {
  return k.keySpec === 'SYMMETRIC_DEFAULT' ? ['SYMMETRIC_DEFAULT'] : ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'];
}

/**
 * CurrentKeyMaterialId: present for symmetric encryption keys. The replicas of a multi-region key
 * share key material, so they share the id; derived from the material, never revealing it.
 */
export function keyMaterialId(k: KeyRecord): string | undefined {
  if (!k.material) return undefined;
  return createHash('sha256').update('kms-local key material id\0').update(k.material).digest('hex');
}

export function keyMetadata(c: RegionContext, k: KeyRecord): Json {
  const md: Json = {
    AWSAccountId: c.accountId,
    KeyId: k.keyId,
    Arn: keyArn(c, k.keyId),
    CreationDate: k.creationDate,
    Enabled: k.state === 'Enabled',
    Description: k.description,
    KeyUsage: 'ENCRYPT_DECRYPT',
    KeyState: k.state,
    Origin: 'AWS_KMS',
    KeyManager: 'CUSTOMER',
    CustomerMasterKeySpec: k.keySpec,
    KeySpec: k.keySpec,
    EncryptionAlgorithms: encryptionAlgorithms(k),
    MultiRegion: k.multiRegion,
  };
  if (k.state === 'PendingDeletion' && k.deletionDate !== undefined) md['DeletionDate'] = k.deletionDate;
  if (k.state === 'PendingReplicaDeletion' && k.pendingWindowInDays !== undefined) md['PendingDeletionWindowInDays'] = k.pendingWindowInDays;
  const materialId = keyMaterialId(k);
  // A replica being created has no key material id yet (recorded AWS ReplicateKey answer).
  if (materialId && k.state !== 'Creating') md['CurrentKeyMaterialId'] = materialId;
  if (k.multiRegion) {
    const primaryRegion = k.primaryRegion ?? k.region;
    const replicas = replicaRegions(c, k);
    md['MultiRegionConfiguration'] = {
      MultiRegionKeyType: primaryRegion === c.region ? 'PRIMARY' : 'REPLICA',
      PrimaryKey: { Arn: keyArn({ region: primaryRegion, accountId: c.accountId }, k.keyId), Region: primaryRegion },
      ReplicaKeys: replicas.map((r) => ({ Arn: keyArn({ region: r, accountId: c.accountId }, k.keyId), Region: r })),
    };
  }
  return md;
}

/** Regions (other than the primary's) holding a replica of the multi-region key `k`. */
export function replicaRegions(c: RegionContext, k: KeyRecord): string[] {
  const primaryRegion = k.primaryRegion ?? k.region;
  return c.regions.filter((r) => r !== primaryRegion && c.store.keys(r).has(k.keyId));
}
