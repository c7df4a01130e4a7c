/**
 * Region names checked against the AWS SDK's own partition data (`partition()` of
 * `@aws-sdk/core/client`, which knows every region of the SDK's release with its description), so
 * that a typo (`eu-wset-1`, `us-east1`) is a config error naming the closest region instead of a DNS
 * failure at the first call. A well-formed name the SDK does not know and that is no typo of a known
 * one is let through: a region newer than the installed SDK must still work.
 */
import { partition } from '@aws-sdk/core/client';
import { isRegionName } from './arn.js';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789-';

/** Whether the installed AWS SDK knows `region` (its partition data has a description for it). */
export function isKnownRegion(region: string): boolean {
  return isRegionName(region) && (partition(region) as { description?: string }).description !== undefined;
}

/** Every string one edit away from `s` (a letter changed, added, dropped, or two swapped). */
function oneEditAway(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i <= s.length; i++) {
    for (const c of ALPHABET) {
      out.push(s.slice(0, i) + c + s.slice(i));
      if (i < s.length) out.push(s.slice(0, i) + c + s.slice(i + 1));
    }
    if (i < s.length) out.push(s.slice(0, i) + s.slice(i + 1));
    if (i + 1 < s.length) out.push(s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2));
  }
  return out;
}

/** The known region one edit away from `region`, if there is one. */
export function closestRegion(region: string): string | undefined {
  if (region.length > 40) return undefined;
  return oneEditAway(region.toLowerCase()).find(isKnownRegion) ?? (isKnownRegion(region.toLowerCase()) ? region.toLowerCase() : undefined);
}

/**
 * Undefined for a usable region name; otherwise why it is not one, with the closest known region
 * ("did you mean eu-west-1?") when there is one.
 */
export function regionNameProblem(region: string): string | undefined {
  if (isKnownRegion(region)) return undefined;
  const near = closestRegion(region);
  const hint = near ? `did you mean ${near}?` : 'such as us-east-1';
  if (!isRegionName(region)) return `${JSON.stringify(region)} is not an AWS region name (${hint})`;
  return near ? `${JSON.stringify(region)} is not an AWS region (${hint})` : undefined;
}
