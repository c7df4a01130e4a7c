/**
 * Where a {@link CachingMaterialsManager} keeps materials: the {@link MaterialsCache} interface and
 * its default, an in-memory LRU. The cache owns the data keys it stores (it wipes them when an entry
 * leaves); the manager hands callers copies.
 */
import { InvalidArgumentError, needs } from '../errors.js';
// setTimeout fires at once beyond this; an entry that old is dropped early, which is only safer.
const MAX_TIMER_MS = 2 ** 31 - 1;
/**
 * The default {@link MaterialsCache}: a least-recently-used map of at most `capacity` entries.
 * Each entry is removed and its key wiped when its age runs out, even if nobody asks for it again.
 */
export class InMemoryMaterialsCache {
    /** Entries kept at most. */
    capacity;
    // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
    slots = new Map();
    constructor(options = {}) {
        const capacity = options.capacity ?? 1000;
        needs(Number.isSafeInteger(capacity) && capacity >= 1, InvalidArgumentError, `cache capacity must be a positive integer, got ${String(capacity)}`);
        this.capacity = capacity;
    }
    /** Entries held now. */
    get size() {
        return this.slots.size;
    }
    /** {@inheritDoc MaterialsCache.getEncryptionEntry} */
    getEncryptionEntry(id, plaintextLength) {
        const slot = this.live(id, 'encrypt');
        if (!slot)
            return undefined;
        slot.messagesEncrypted += 1;
        slot.bytesEncrypted += plaintextLength;
        return { materials: slot.materials, expiresAt: slot.expiresAt, messagesEncrypted: slot.messagesEncrypted, bytesEncrypted: slot.bytesEncrypted };
    }
    /** {@inheritDoc MaterialsCache.putEncryptionEntry} */
    putEncryptionEntry(id, materials, maxAgeMs) {
        this.put(id, 'encrypt', materials, maxAgeMs);
    }
    /** {@inheritDoc MaterialsCache.getDecryptionEntry} */
    getDecryptionEntry(id) {
        const slot = this.live(id, 'decrypt');
        return slot ? { materials: slot.materials, expiresAt: slot.expiresAt } : undefined;
    }
    /** {@inheritDoc MaterialsCache.putDecryptionEntry} */
    putDecryptionEntry(id, materials, maxAgeMs) {
        this.put(id, 'decrypt', materials, maxAgeMs);
    }
    /** {@inheritDoc MaterialsCache.delete} */
    delete(id) {
        const slot = this.slots.get(id);
        if (!slot)
            return;
        this.slots.delete(id);
        clearTimeout(slot.timer);
        slot.materials.plaintextDataKey?.fill(0);
    }
    /** Removes and wipes every entry. */
    clear() {
        for (const id of [...this.slots.keys()])
            this.delete(id);
    }
    live(id, kind) {
        const slot = this.slots.get(id);
        if (!slot || slot.kind !== kind)
            return undefined;
        if (Date.now() >= slot.expiresAt) {
            this.delete(id);
            return undefined;
        }
        this.slots.delete(id);
        this.slots.set(id, slot);
        return slot;
    }
    put(id, kind, materials, maxAgeMs) {
        this.delete(id);
        // Expired keys are wiped on time, not when next looked at; unref so a cache never keeps a process alive.
        const timer = setTimeout(() => this.delete(id), Math.min(maxAgeMs, MAX_TIMER_MS));
        timer.unref();
        this.slots.set(id, { materials, kind, expiresAt: Date.now() + maxAgeMs, messagesEncrypted: 0, bytesEncrypted: 0, timer });
        while (this.slots.size > this.capacity) {
            const oldest = this.slots.keys().next();
            if (oldest.done)
                break;
            this.delete(oldest.value);
        }
    }
}
//# sourceMappingURL=materials_cache.js.map