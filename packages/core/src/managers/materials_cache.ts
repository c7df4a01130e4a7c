/**
 * Where a {@link CachingMaterialsManager} keeps materials: the {@link MaterialsCache} interface and
 * its default, an in-memory LRU. The cache owns the data keys it stores (it wipes them when an entry
 * leaves); the manager hands callers copies.
 */
import { InvalidArgumentError, needs } from '../errors.js';
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

// setTimeout fires at once beyond this; an entry that old is dropped early, which is only safer.
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Slot {
  readonly materials: EncryptionMaterials | DecryptionMaterials;
  readonly kind: 'encrypt' | 'decrypt';
  readonly expiresAt: number;
  messagesEncrypted: number;
  bytesEncrypted: number;
  readonly timer: ReturnType<typeof setTimeout>;
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
export class InMemoryMaterialsCache implements MaterialsCache {
  /** Entries kept at most. */
  readonly capacity: number;
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  private readonly slots = new Map<string, Slot>();

  constructor(options: InMemoryMaterialsCacheOptions = {}) {
    const capacity = options.capacity ?? 1000;
    needs(Number.isSafeInteger(capacity) && capacity >= 1, InvalidArgumentError, `cache capacity must be a positive integer, got ${String(capacity)}`);
    this.capacity = capacity;
  }

  /** Entries held now. */
  get size(): number {
    return this.slots.size;
  }

  /** {@inheritDoc MaterialsCache.getEncryptionEntry} */
  getEncryptionEntry(id: string, plaintextLength: number): EncryptionCacheEntry | undefined {
    const slot = this.live(id, 'encrypt');
    if (!slot) return undefined;
    slot.messagesEncrypted += 1;
    slot.bytesEncrypted += plaintextLength;
    return { materials: slot.materials as EncryptionMaterials, expiresAt: slot.expiresAt, messagesEncrypted: slot.messagesEncrypted, bytesEncrypted: slot.bytesEncrypted };
  }

  /** {@inheritDoc MaterialsCache.putEncryptionEntry} */
  putEncryptionEntry(id: string, materials: EncryptionMaterials, maxAgeMs: number): void {
    this.put(id, 'encrypt', materials, maxAgeMs);
  }

  /** {@inheritDoc MaterialsCache.getDecryptionEntry} */
  getDecryptionEntry(id: string): DecryptionCacheEntry | undefined {
    const slot = this.live(id, 'decrypt');
    return slot ? { materials: slot.materials as DecryptionMaterials, expiresAt: slot.expiresAt } : undefined;
  }

  /** {@inheritDoc MaterialsCache.putDecryptionEntry} */
  putDecryptionEntry(id: string, materials: DecryptionMaterials, maxAgeMs: number): void {
    this.put(id, 'decrypt', materials, maxAgeMs);
  }

  /** {@inheritDoc MaterialsCache.delete} */
  delete(id: string): void {
    const slot = this.slots.get(id);
    if (!slot) return;
    this.slots.delete(id);
    clearTimeout(slot.timer);
    slot.materials.plaintextDataKey?.fill(0);
  }

  /** Removes and wipes every entry. */
  clear(): void {
    for (const id of [...this.slots.keys()]) this.delete(id);
  }

  private live(id: string, kind: Slot['kind']): Slot | undefined {
    const slot = this.slots.get(id);
    if (!slot || slot.kind !== kind) return undefined;
    if (Date.now() >= slot.expiresAt) {
      this.delete(id);
      return undefined;
    }
    this.slots.delete(id);
    this.slots.set(id, slot);
    return slot;
  }

  private put(id: string, kind: Slot['kind'], materials: EncryptionMaterials | DecryptionMaterials, maxAgeMs: number): void {
    this.delete(id);
    // Expired keys are wiped on time, not when next looked at; unref so a cache never keeps a process
    // alive (Node's timers have it; a browser's setTimeout answers a number, with nothing to unref).
    const timer = setTimeout(() => this.delete(id), Math.min(maxAgeMs, MAX_TIMER_MS));
    (timer as { unref?: () => void }).unref?.();
    this.slots.set(id, { materials, kind, expiresAt: Date.now() + maxAgeMs, messagesEncrypted: 0, bytesEncrypted: 0, timer });
    while (this.slots.size > this.capacity) {
      const oldest = this.slots.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
  }
}
