/**
 * The decrypt plan: every candidate, in the order that makes the common case one cheap call. Primary
 * remote candidates first, by location (the availability's order: healthy before failing
 * before open, the local region first among equals, fast before slow); then fallback regional
 * candidates (other EDKs of the same key) in the same region order; then other keyrings in their
 * given order; raw (escrow) keys last. Stable within each group.
 */
import type { Availability } from './availability.js';
import type { DecryptCandidate } from './materials.js';

const GROUP = { primary: 0, fallback: 1, other: 2, raw: 3 } as const;

/** True for a candidate a service holds at a location (`kind` `remote`, or its earlier name `kms`). */
export function isRemote(c: DecryptCandidate): boolean {
  return c.kind === 'remote' || c.kind === 'kms';
}

/** Orders `candidates` into the plan; without an availability, regions keep their given order. */
export function planDecrypt(
  candidates: readonly DecryptCandidate[],
  availability: Availability | undefined,
  localRegion: string | undefined,
): DecryptCandidate[] {
  const regions = [...new Set(candidates.flatMap((c) => (isRemote(c) && c.region ? [c.region] : [])))];
  const ordered = availability ? availability.order(regions, localRegion) : localFirst(regions, localRegion);
  const rank = new Map(ordered.map((r, i) => [r, i]));
  const group = (c: DecryptCandidate): number => {
    if (c.kind === 'raw') return GROUP.raw;
    if (c.kind === 'other') return GROUP.other;
    return c.fallback ? GROUP.fallback : GROUP.primary;
  };
  return candidates
    .map((c, i) => ({ c, i, g: group(c), r: isRemote(c) && c.region ? (rank.get(c.region) ?? 0) : 0 }))
    .sort((a, b) => a.g - b.g || a.r - b.r || a.i - b.i)
    .map((x) => x.c);
}

function localFirst(regions: readonly string[], localRegion: string | undefined): string[] {
  return [...regions].sort((a, b) => Number(b === localRegion) - Number(a === localRegion));
}
