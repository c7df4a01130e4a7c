/**
 * The hierarchical keyring's cache of branch keys in the clear: entries live `ttlMs`, at most
 * `maxSize` of them (least recently used out first), and concurrent misses for one entry wait for
 * one load (single flight: one GetItem and one KMS Decrypt however many messages ask at once).
 *
 * A key leaves memory when its entry does: eviction, expiry and `clear()` wipe it. So that a wipe
 * never hits a key in use, keys are only lent out through {@link BranchKeyCache.use}: the caller's
 * function runs synchronously on a key checked to be live, and a caller that finds its key wiped
 * between the load and its turn (evicted meanwhile) asks again.
 */
import type { BranchKeyMaterials } from './branch_key_reads.js';

/** Options of {@link BranchKeyCache}. */
export interface BranchKeyCacheOptions {
  /** How long an entry may be used after it was loaded, ms. */
  readonly ttlMs: number;
  /** Most entries kept (default 1000). */
  readonly maxSize?: number;
  /** Clock, ms. */
  readonly now?: () => number;
}

interface Entry {
  value?: BranchKeyMaterials;
  expiresAt: number;
  pending?: Promise<BranchKeyMaterials>;
}

/** Branch keys by cache id, with TTL, LRU eviction, single flight and wiping. */
export class BranchKeyCache {
  readonly #entries = new Map<string, Entry>();
  readonly #ttlMs: number;
  readonly #maxSize: number;
  readonly #now: () => number;
  readonly #wiped = new WeakSet<Uint8Array>();
  readonly #orphans = new WeakSet<Uint8Array>();
  #hits = 0;
  #misses = 0;

  constructor(options: BranchKeyCacheOptions) {
    this.#ttlMs = options.ttlMs;
    this.#maxSize = options.maxSize ?? 1000;
    this.#now = options.now ?? Date.now;
  }

  /** Hits and loads so far. */
  get stats(): { hits: number; misses: number; size: number } {
    return { hits: this.#hits, misses: this.#misses, size: this.#entries.size };
  }

  /**
   * Runs `fn` with the cached materials of `id`, loading them with `load` on a miss (one load for
   * every concurrent miss). `fn` must use the key synchronously and not keep it.
   */
  async use<R>(id: string, load: () => Promise<BranchKeyMaterials>, fn: (m: BranchKeyMaterials) => R): Promise<R> {
    for (;;) {
      const m = await this.get(id, load);
      // Checked and used in one synchronous step: no eviction can come between.
      if (this.#wiped.has(m.key)) continue;
      try {
        return fn(m);
      } finally {
        // Loaded for no entry (no cache, or cleared meanwhile): its one use is over.
        if (this.#orphans.has(m.key)) this.wipe(m);
      }
    }
  }

  /** Adds materials loaded some other way (the active key's version, say); replaces a live entry. */
  put(id: string, m: BranchKeyMaterials): void {
    if (this.#maxSize === 0) return void m.key.fill(0);
    this.drop(id);
    this.#entries.set(id, { value: m, expiresAt: this.#now() + this.#ttlMs });
    this.trim(id);
  }

  private get(id: string, load: () => Promise<BranchKeyMaterials>): Promise<BranchKeyMaterials> {
    const e = this.#entries.get(id);
    if (e?.pending) return e.pending;
    if (e?.value && this.#now() < e.expiresAt) {
      this.#hits++;
      // Most recently used last: Map order is insertion order.
      this.#entries.delete(id);
      this.#entries.set(id, e);
      return Promise.resolve(e.value);
    }
    this.#misses++;
    this.drop(id);
    const entry: Entry = { expiresAt: 0 };
    const pending = load().then(
      (m) => {
        if (this.#entries.get(id) !== entry || this.#maxSize === 0) {
          this.#orphans.add(m.key);
          if (this.#entries.get(id) === entry) this.#entries.delete(id);
        } else {
          delete entry.pending;
          entry.value = m;
          entry.expiresAt = this.#now() + this.#ttlMs;
          this.trim(id);
        }
        return m;
      },
      (error: unknown) => {
        if (this.#entries.get(id) === entry) this.#entries.delete(id);
        throw error;
      },
    );
    entry.pending = pending;
    this.#entries.set(id, entry);
    return pending;
  }

  private wipe(m: BranchKeyMaterials): void {
    this.#wiped.add(m.key);
    m.key.fill(0);
  }

  private drop(id: string): void {
    const e = this.#entries.get(id);
    if (!e) return;
    this.#entries.delete(id);
    if (e.value) this.wipe(e.value);
  }

  /**
   * Evicts least recently used entries down to maxSize, never `keep` (just loaded: its callers have
   * not had their turn) nor a load in flight, so two keys through a cache of one do not evict each
   * other for ever; the cache may stay over size until those settle.
   */
  private trim(keep: string): void {
    for (const [id, e] of this.#entries) {
      if (this.#entries.size <= this.#maxSize) return;
      if (!e.pending && id !== keep) this.drop(id);
    }
  }

  /** Drops (and wipes) every entry. */
  clear(): void {
    for (const id of [...this.#entries.keys()]) this.drop(id);
  }
}
