/**
 * The decrypt plan of a multi keyring: core's plan (local KMS region, other regions by health,
 * other keyrings, raw keys last). Kept under this name for callers of `planOrder`.
 */
import { planDecrypt, type Availability, type DecryptCandidate } from '@envelope/core';

/** Orders candidates into the plan (stable within each group); see core's `planDecrypt`. */
export function planOrder(candidates: readonly DecryptCandidate[], availability: Availability | undefined, localRegion: string | undefined): DecryptCandidate[] {
  return planDecrypt(candidates, availability, localRegion);
}
