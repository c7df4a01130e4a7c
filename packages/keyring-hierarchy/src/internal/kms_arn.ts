/** KMS key ARNs as the store needs them: their region, and a multi-region key's ARN in another region. */

const ARN = /^arn:(aws[a-z-]*):kms:([a-z0-9-]+):(\d{12}):key\/(.+)$/;

/** The parts of a KMS key ARN (not an alias), or undefined. */
export function parseKeyArn(arn: string): { partition: string; region: string; account: string; keyId: string } | undefined {
  const m = ARN.exec(arn);
  return m ? { partition: m[1]!, region: m[2]!, account: m[3]!, keyId: m[4]! } : undefined;
}

/** Whether the ARN names a multi-region key (`mrk-…`). */
export function isMrkArn(arn: string): boolean {
  return parseKeyArn(arn)?.keyId.startsWith('mrk-') === true;
}

/** The ARN to call in `region`: a multi-region key's replica there; any other key as it is. */
export function arnInRegion(arn: string, region: string): string {
  const p = parseKeyArn(arn);
  if (!p || !p.keyId.startsWith('mrk-')) return arn;
  return `arn:${p.partition}:kms:${region}:${p.account}:key/${p.keyId}`;
}

/** The region a call for `arn` goes to when reading in `region`: a multi-region key's replica there, else the key's own. */
export function kmsRegionFor(arn: string, region: string): string {
  return isMrkArn(arn) ? region : (parseKeyArn(arn)?.region ?? region);
}

/**
 * Whether an item's `kms-arn` may be opened by a store configured with `configured`: the same ARN,
 * or, for multi-region keys, the same key in another region.
 */
export function compatibleArn(configured: string, stored: string): boolean {
  if (configured === stored) return true;
  const a = parseKeyArn(configured);
  const b = parseKeyArn(stored);
  return !!a && !!b && a.keyId.startsWith('mrk-') && a.keyId === b.keyId && a.partition === b.partition && a.account === b.account;
}
