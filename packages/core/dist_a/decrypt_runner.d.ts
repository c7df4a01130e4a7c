import { type DecryptCandidate, type DecryptionMaterials } from './materials.js';
import type { Availability, HedgingPolicy } from './availability.js';
/** Options of {@link runDecrypt}. */
export interface DecryptRunOptions {
    /** Region order, breakers and adaptive hedge delays (KMS keyrings: their `RegionHealth`). */
    readonly availability?: Availability | undefined;
    /** The region tried first. */
    readonly localRegion?: string | undefined;
    /** When to start the next regional candidate while one is in flight (default `'adaptive'`). */
    readonly hedging?: HedgingPolicy | undefined;
    /** Aborts the run and every call in flight. */
    readonly signal?: AbortSignal | undefined;
}
/**
 * Runs the decrypt plan over `candidates`. Resolves with materials holding the data key (and the
 * attempts that failed before it), or with `materials` unchanged when no candidate applied; throws
 * NoKeyDecryptedError listing every attempt when candidates were tried and none opened an EDK.
 */
export declare function runDecrypt(materials: DecryptionMaterials, candidates: readonly DecryptCandidate[], options?: DecryptRunOptions): Promise<DecryptionMaterials>;
//# sourceMappingURL=decrypt_runner.d.ts.map