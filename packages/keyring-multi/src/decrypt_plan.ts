/**
 * The decrypt plan: every way the children offer to open an EDK, in the order that makes the
 * common case one cheap call: KMS keys in the local region, KMS keys in other regions (healthy
 * before failing, fast before slow), other keyrings in their given order, raw (escrow) keys last.
 */
import type { DecryptCandidate } from '@envelope/core';
import type { RegionHealth } from '@envelope/keyring-kms';

const GROUP = { local: 0, remote: 1, other: 2, raw: 3 } as const;

/** Orders candidates into the plan (stable within each group). */
export function planOrder(candidates: readonly DecryptCandidate[], health: RegionHealth, localRegion: string | undefined): DecryptCandidate[] {
  const regions = [...new Set(candidates.filter((c) => c.kind === 'kms' && c.region).map((c) => c.region!))];
  const regionRank = new Map(health.order(regions, localRegion).map((r, i) => [r, i]));
  const group = (c: DecryptCandidate): number => {
    if (c.kind === 'raw') return GROUP.raw;
    if (c.kind === 'other') return GROUP.other;
    return c.region === localRegion && health.state(c.region!) !== 'open' ? GROUP.local : GROUP.remote;
  };
  return candidates
    .map((c, i) => ({ c, i, g: group(c), r: c.kind === 'kms' ? (regionRank.get(c.region!) ?? 0) : 0 }))
    .sort((a, b) => a.g - b.g || a.r - b.r || a.i - b.i)
    .map((x) => x.c);
}
