import type { DecryptionMaterials, EncryptionMaterials, Keyring } from '../materials.js';
import { type DecryptionRequest, type EncryptionRequest, type MaterialsManager } from '../materials_manager.js';
import { type MaterialsCache } from './materials_cache.js';
/** Options of {@link CachingMaterialsManager}. */
export interface CachingMaterialsManagerOptions {
    /** Asked on a miss: a keyring (wrapped in DefaultMaterialsManager) or a manager. */
    readonly source: Keyring | MaterialsManager;
    /** How long an entry may be used after it was made, in ms (required, > 0). */
    readonly maxAgeMs: number;
    /** Messages one data key may encrypt (default 2^32, the ESDK's). */
    readonly maxMessagesEncrypted?: number;
    /** Plaintext bytes one data key may encrypt (default Number.MAX_SAFE_INTEGER). */
    readonly maxBytesEncrypted?: number;
    /** Entries of the default in-memory LRU cache (default 1000); not with `cache`. */
    readonly capacity?: number;
    /** Managers sharing a `cache` share entries only with the same partition (default: random per instance). */
    readonly partition?: string;
    /** Another store instead of the in-memory LRU. */
    readonly cache?: MaterialsCache;
}
/** Counters of a {@link CachingMaterialsManager} since it was made. */
export interface CacheStats {
    /** Requests answered from the cache. */
    readonly hits: number;
    /** Requests that found no usable entry (each waits for, or starts, a source call). */
    readonly misses: number;
    /** Requests passed to the source uncached: unknown length, identity-KDF suite, over the byte limit. */
    readonly bypassed: number;
    /** Calls made to the source to fill the cache. */
    readonly sourceCalls: number;
}
/**
 * Caches the materials of its source (AWS ESDK caching CMM). Only suites with key derivation are
 * cached; an encrypt entry is used only when the request's `plaintextLength` is known, and counts
 * it. Usage is counted before a key is handed out, so the limits hold under any concurrency.
 * Hands out copies of keys; the cache wipes its own when an entry expires, is evicted or used up.
 * Signed suites: the signing key is cached with the data key (the EDKs are bound to its public key
 * through the encryption context), so messages sharing a data key also share a signing key.
 */
export declare class CachingMaterialsManager implements MaterialsManager {
    /** The manager asked on a miss. */
    readonly source: MaterialsManager;
    /** The store of entries. */
    readonly cache: MaterialsCache;
    /** Entry lifetime, ms. */
    readonly maxAgeMs: number;
    /** Messages per data key. */
    readonly maxMessagesEncrypted: number;
    /** Plaintext bytes per data key. */
    readonly maxBytesEncrypted: number;
    /** This manager's partition of the cache. */
    readonly partition: string;
    private readonly partitionHash;
    private readonly encryptFlights;
    private readonly decryptFlights;
    private counts;
    constructor(options: CachingMaterialsManagerOptions);
    /** Hits, misses, bypasses and source calls so far. */
    get stats(): CacheStats;
    /** Materials from a live entry (counted against its limits), or from one shared source call. */
    getEncryptionMaterials(request: EncryptionRequest): Promise<EncryptionMaterials>;
    /** Counts one message against the entry and hands out a copy, or drops an entry it may not use. */
    private takeEncryption;
    private fillEncryption;
    /** The data key of a cached message, or one shared source call for all who decrypt it now. */
    decryptMaterials(request: DecryptionRequest): Promise<DecryptionMaterials>;
    private fillDecryption;
}
//# sourceMappingURL=caching_materials_manager.d.ts.map