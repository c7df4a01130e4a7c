/** AWS KMS ARNs and the multi-region-key (MRK) matching rules of the AWS ESDK's MRK-aware keyrings. */

/** The parts of a KMS ARN: `arn:<partition>:kms:<region>:<account>:<key/…|alias/…>`. */
export interface KmsArn {
  /** `aws`, `aws-cn`, `aws-us-gov`, … */
  readonly partition: string;
  /** AWS region. */
  readonly region: string;
  /** AWS account id. */
  readonly account: string;
  /** A key or an alias. */
  readonly resourceType: 'key' | 'alias';
  /** Key id (`mrk-…` or a UUID) or alias name without `alias/`. */
  readonly resourceId: string;
}

/** Parses a KMS key or alias ARN; undefined if `s` is not one. */
export function parseKmsArn(s: string): KmsArn | undefined {
  const m = /^arn:([a-z-]+):kms:([a-z0-9-]+):(\d{12}|[A-Za-z0-9]+):(key|alias)\/(.+)$/.exec(s);
  if (!m) return undefined;
  return { partition: m[1]!, region: m[2]!, account: m[3]!, resourceType: m[4] as 'key' | 'alias', resourceId: m[5]! };
}

/** The ARN string of its parts. */
export function formatKmsArn(a: KmsArn): string {
  return `arn:${a.partition}:kms:${a.region}:${a.account}:${a.resourceType}/${a.resourceId}`;
}

/** True for a multi-region key ARN. */
export function isMrkArn(a: KmsArn): boolean {
  return a.resourceType === 'key' && a.resourceId.startsWith('mrk-');
}

/**
 * True when two key ARNs name the same key for decryption: identical, or the same multi-region key
 * (same partition, account and mrk- id) in any regions.
 */
export function mrkMatch(a: KmsArn, b: KmsArn): boolean {
  if (formatKmsArn(a) === formatKmsArn(b)) return true;
  return isMrkArn(a) && isMrkArn(b) && a.partition === b.partition && a.account === b.account && a.resourceId === b.resourceId;
}

/** The partition of a region, for building ARNs. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** Whether `s` has the shape of an AWS region name (`us-east-1`, `us-gov-west-1`, `eu-isoe-west-1`). */
export function isRegionName(s: string): boolean {
  return /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(s);
}
