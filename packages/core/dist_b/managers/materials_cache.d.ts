import type { DecryptionMaterials, EncryptionMaterials } from '../materials.js';
/** An encryption entry as the cache returns it, with its usage after the message being counted. */
export interface EncryptionCacheEntry {
    /** The cached materials (data key, EDKs, context and, for signed suites, the signing key). */
    readonly materials: EncryptionMaterials;
    /** When the entry stops being usable (ms since the epoch). */
    readonly expiresAt: number;
    /** Messages counted against this data key, including the one just asked for. */
    readonly messagesEncrypted: number;
    /** Plaintext bytes counted against this data key, including the message just asked for. */
    readonly bytesEncrypted: number;
}
/** A decryption entry as the cache returns it. */
export interface DecryptionCacheEntry {
    /** The cached materials (data key of one message's EDKs). */
    readonly materials: DecryptionMaterials;
    /** When the entry stops being usable (ms since the epoch). */
    readonly expiresAt: number;
}
/**
 * A store of materials by entry id. Methods are synchronous on purpose: counting a message against
 * an entry and handing its key out must happen with nothing in between, so that usage limits hold
 * under any concurrency (and plaintext data keys should not leave the process anyway).
 *
 * The cache owns what it is given: it wipes (`fill(0)`) the `plaintextDataKey` of every entry that
 * expires, is evicted, replaced or deleted. Readers copy the key before they return.
 */
export interface MaterialsCache {
    /**
     * The live encryption entry of `id`, after counting one more message of `plaintextLength` bytes
     * against it, or undefined (none, or expired: an expired entry is removed and wiped).
     */
    getEncryptionEntry(id: string, plaintextLength: number): EncryptionCacheEntry | undefined;
    /** Stores encryption materials under `id` with no usage yet, replacing (and wiping) any entry there. */
    putEncryptionEntry(id: string, materials: EncryptionMaterials, maxAgeMs: number): void;
    /** The live decryption entry of `id`, or undefined. */
    getDecryptionEntry(id: string): DecryptionCacheEntry | undefined;
    /** Stores decryption materials under `id`, replacing (and wiping) any entry there. */
    putDecryptionEntry(id: string, materials: DecryptionMaterials, maxAgeMs: number): void;
    /** Removes and wipes the entry of `id`, if any. */
    delete(id: string): void;
}
/** Options of {@link InMemoryMaterialsCache}. */
export interface InMemoryMaterialsCacheOptions {
    /** Entries kept; the least recently used is evicted (and wiped) beyond it. Default 1000. */
    readonly capacity?: number;
}
/**
 * The default {@link MaterialsCache}: a least-recently-used map of at most `capacity` entries.
 * Each entry is removed and its key wiped when its age runs out, even if nobody asks for it again.
 */
export declare class InMemoryMaterialsCache implements MaterialsCache {
    /** Entries kept at most. */
    readonly capacity: number;
    private readonly slots;
    constructor(options?: InMemoryMaterialsCacheOptions);
    /** Entries held now. */
    get size(): number;
    /** {@inheritDoc MaterialsCache.getEncryptionEntry} */
    getEncryptionEntry(id: string, plaintextLength: number): EncryptionCacheEntry | undefined;
    /** {@inheritDoc MaterialsCache.putEncryptionEntry} */
    putEncryptionEntry(id: string, materials: EncryptionMaterials, maxAgeMs: number): void;
    /** {@inheritDoc MaterialsCache.getDecryptionEntry} */
    getDecryptionEntry(id: string): DecryptionCacheEntry | undefined;
    /** {@inheritDoc MaterialsCache.putDecryptionEntry} */
    putDecryptionEntry(id: string, materials: DecryptionMaterials, maxAgeMs: number): void;
    /** {@inheritDoc MaterialsCache.delete} */
    delete(id: string): void;
    /** Removes and wipes every entry. */
    clear(): void;
    private live;
    private put;
}
//# sourceMappingURL=materials_cache.d.ts.map