/**
 * The decrypt plan: every candidate, in the order that makes the common case one cheap call. Primary
 * regional (KMS) candidates first, by region (the availability's order: healthy before failing
 * before open, the local region first among equals, fast before slow); then fallback regional
 * candidates (other EDKs of the same key) in the same region order; then other keyrings in their
 * given order; raw (escrow) keys last. Stable within each group.
 */
import type { Availability } from './availability.js';
import type { DecryptCandidate } from './materials.js';
/** Orders `candidates` into the plan; without an availability, regions keep their given order. */
export declare function planDecrypt(candidates: readonly DecryptCandidate[], availability: Availability | undefined, localRegion: string | undefined): DecryptCandidate[];
//# sourceMappingURL=decrypt_plan.d.ts.map