/** The keys a KMS keyring is configured with, resolved to regions (and, for aliases + regions, ARNs). */
import { ConfigError } from '@envelope/core';
import { formatKmsArn, isMrkArn, mrkMatch, parseKmsArn, partitionOf, type KmsArn } from './arn.js';

/** One configured key. */
export interface KeyRef {
  /** What is sent to KMS as KeyId: a key or alias ARN, or a bare key id / alias name. */
  readonly keyId: string;
  readonly region: string;
  /** Parsed ARN, when keyId is one. */
  readonly arn: KmsArn | undefined;
}

/** A key id (ARN, alias name, or bare id) placed in a region. */
export function refOf(keyId: string, fallbackRegion: string | undefined, path: string): KeyRef {
  const arn = parseKmsArn(keyId);
  if (keyId.startsWith('arn:') && !arn) throw new ConfigError(`not a KMS key or alias ARN: ${keyId}`, path);
  const region = arn?.region ?? fallbackRegion;
  if (!region) throw new ConfigError(`${keyId} is not an ARN and no region is known (set localRegion or AWS_REGION, or use an ARN)`, path);
  return { keyId, region, arn };
}

/** Expands `alias/name` or a bare key id to one ARN per region in `account`. */
export function expandPerRegion(keyId: string, regions: readonly string[], account: string): KeyRef[] {
  const alias = keyId.startsWith('alias/');
  return regions.map((region) => {
    const arn: KmsArn = { partition: partitionOf(region), region, account, resourceType: alias ? 'alias' : 'key', resourceId: alias ? keyId.slice(6) : keyId };
    return { keyId: formatKmsArn(arn), region, arn };
  });
}

/** Whether a configured key may open an EDK wrapped under the key ARN `edk` (MRK-aware). */
export function refMatches(ref: KeyRef, edk: KmsArn): boolean {
  if (edk.resourceType !== 'key') return false;
  const a = ref.arn;
  if (a?.resourceType === 'key') return mrkMatch(a, edk);
  const sameRegionOrMrk = edk.region === ref.region || isMrkArn(edk);
  if (a?.resourceType === 'alias') return a.partition === edk.partition && a.account === edk.account && sameRegionOrMrk;
  // Bare key id or alias name in a region.
  if (ref.keyId.startsWith('alias/')) return edk.region === ref.region;
  return ref.keyId === edk.resourceId && sameRegionOrMrk;
}

/**
 * Whether the key ARN KMS returned for an Encrypt or GenerateDataKey is the configured key: the same
 * ARN for a key ARN; the same partition, account and region for an alias ARN; the region (and the
 * key id) for an alias name or a bare key id.
 */
export function answerMatches(ref: KeyRef, returned: KmsArn): boolean {
  if (returned.resourceType !== 'key') return false;
  const a = ref.arn;
  if (a?.resourceType === 'key') return formatKmsArn(a) === formatKmsArn(returned);
  if (a?.resourceType === 'alias') return a.partition === returned.partition && a.account === returned.account && a.region === returned.region;
  if (returned.region !== ref.region) return false;
  return ref.keyId.startsWith('alias/') || ref.keyId === returned.resourceId;
}
