/**
 * A materials manager that reuses data keys: encrypt entries for up to `maxMessagesEncrypted`
 * messages, `maxBytesEncrypted` bytes and `maxAgeMs`; decrypt entries so that repeated decrypts of
 * one message cost one call to the source. Concurrent misses for one entry share one source call.
 * Behaviour and entry ids follow the AWS ESDK specification, framework/caching-cmm.md.
 */
import { backend } from '#crypto-backend';
import { InvalidArgumentError, needs } from '../errors.js';
import type { DecryptionMaterials, EncryptionMaterials, Keyring } from '../materials.js';
import type { DecryptionRequest, EncryptionRequest, MaterialsManager } from '../materials_manager.js';
import { toMaterialsManager } from './default_materials_manager.js';
import { policyRule } from '../commitment_policy.js';
import { findSuite, type AlgorithmSuite } from '../suites.js';
import { countCache } from '../telemetry/operation_telemetry.js';
import { decryptionCacheId, encryptionCacheId, partitionDigest } from './cache_id.js';
import { SingleFlight } from '../internal/single_flight.js';
import { throwIfAborted } from '../internal/abort.js';
import { InMemoryMaterialsCache, type MaterialsCache } from './materials_cache.js';

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

/** A flight's outcome: whether an entry was stored, or the keyless materials to hand every waiter. */
type EncryptFill = { readonly cached: boolean };
type DecryptFill = { readonly cached: true } | { readonly cached: false; readonly materials?: DecryptionMaterials };

// A waiter whose entry keeps vanishing (a store that drops it, a burst far over the message limit)
// stops waiting after this many source calls and asks the source for materials of its own.
const MAX_ROUNDS = 32;

const DEFAULT_MAX_MESSAGES = 2 ** 32;

const copy = (key: Uint8Array): Uint8Array => new Uint8Array(key);

/** Whether the request's policy lets core write this suite (a cached entry may come from another policy). */
function policyAllows(request: EncryptionRequest, suite: AlgorithmSuite): boolean {
  return policyRule(request.commitmentPolicy).encrypts === 'committing' ? suite.committing : !suite.committing;
}

/**
 * Caches the materials of its source (AWS ESDK caching CMM). Only suites with key derivation are
 * cached; an encrypt entry is used only when the request's `plaintextLength` is known, and counts
 * it. Usage is counted before a key is handed out, so the limits hold under any concurrency.
 * Hands out copies of keys; the cache wipes its own when an entry expires, is evicted or used up.
 * Signed suites: the signing key is cached with the data key (the EDKs are bound to its public key
 * through the encryption context), so messages sharing a data key also share a signing key.
 */
export class CachingMaterialsManager implements MaterialsManager {
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
  private readonly partitionHash: Uint8Array;
  private readonly encryptFlights = new SingleFlight<EncryptFill>();
  private readonly decryptFlights = new SingleFlight<DecryptFill>();
  private counts = { hits: 0, misses: 0, bypassed: 0, sourceCalls: 0 };

  constructor(options: CachingMaterialsManagerOptions) {
    needs(options && typeof options === 'object', InvalidArgumentError, 'CachingMaterialsManager needs options ({ source, maxAgeMs, … })');
    const { maxAgeMs, maxMessagesEncrypted = DEFAULT_MAX_MESSAGES, maxBytesEncrypted = Number.MAX_SAFE_INTEGER, partition, capacity, cache } = options;
    needs(typeof maxAgeMs === 'number' && Number.isFinite(maxAgeMs) && maxAgeMs > 0, InvalidArgumentError, `maxAgeMs must be a positive number of ms, got ${String(maxAgeMs)}`);
    needs(Number.isSafeInteger(maxMessagesEncrypted) && maxMessagesEncrypted >= 1 && maxMessagesEncrypted <= DEFAULT_MAX_MESSAGES, InvalidArgumentError, `maxMessagesEncrypted must be an integer from 1 to 2^32, got ${String(maxMessagesEncrypted)}`);
    needs(Number.isSafeInteger(maxBytesEncrypted) && maxBytesEncrypted >= 0, InvalidArgumentError, `maxBytesEncrypted must be a non-negative safe integer, got ${String(maxBytesEncrypted)}`);
    needs(partition === undefined || (typeof partition === 'string' && partition.length > 0), InvalidArgumentError, 'partition must be a non-empty string');
    needs(cache === undefined || capacity === undefined, InvalidArgumentError, 'give capacity or cache, not both (capacity sizes the default cache)');
    this.source = toMaterialsManager(options.source);
    this.cache = cache ?? new InMemoryMaterialsCache(capacity !== undefined ? { capacity } : {});
    this.maxAgeMs = maxAgeMs;
    this.maxMessagesEncrypted = maxMessagesEncrypted;
    this.maxBytesEncrypted = maxBytesEncrypted;
    this.partition = partition ?? randomPartition();
    this.partitionHash = partitionDigest(this.partition);
  }

  /** Hits, misses, bypasses and source calls so far. */
  get stats(): CacheStats {
    return { ...this.counts };
  }

  /** Materials from a live entry (counted against its limits), or from one shared source call. */
  async getEncryptionMaterials(request: EncryptionRequest): Promise<EncryptionMaterials> {
    const length = request.plaintextLength;
    const named = request.suiteId === undefined ? undefined : findSuite(request.suiteId);
    if (length === undefined || length > this.maxBytesEncrypted || (named !== undefined && !named.cacheable)) {
      this.counts.bypassed++;
      return this.source.getEncryptionMaterials(request);
    }
    const id = encryptionCacheId(this.partitionHash, request.suiteId, request.encryptionContext);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      throwIfAborted(request.signal);
      const hit = this.takeEncryption(id, length, request);
      if (typeof hit === 'object') return hit;
      // Nothing there right after a fill, and nobody fetching: the store did not keep it (capacity, or a store that drops entries).
      if (hit === 'absent' && round > 0 && !this.encryptFlights.has(id)) break;
      const fill = await this.encryptFlights.run(id, (signal) => this.fillEncryption(id, request, signal), request.signal);
      if (!fill.cached) break;
    }
    this.counts.bypassed++;
    return this.source.getEncryptionMaterials(request);
  }

  /** Counts one message against the entry and hands out a copy, or drops an entry it may not use. */
  private takeEncryption(id: string, length: number, request: EncryptionRequest): EncryptionMaterials | 'absent' | 'unusable' {
    const entry = this.cache.getEncryptionEntry(id, length);
    const m = entry?.materials;
    const usable =
      entry !== undefined &&
      m?.plaintextDataKey !== undefined &&
      entry.messagesEncrypted <= this.maxMessagesEncrypted &&
      entry.bytesEncrypted <= this.maxBytesEncrypted &&
      Date.now() < entry.expiresAt &&
      policyAllows(request, m.suite);
    if (!usable) {
      if (entry) this.cache.delete(id);
      this.counts.misses++;
      countCache(false, 'encrypt');
      return entry ? 'unusable' : 'absent';
    }
    this.counts.hits++;
    countCache(true, 'encrypt');
    return { ...m, plaintextDataKey: copy(m.plaintextDataKey) };
  }

  private async fillEncryption(id: string, request: EncryptionRequest, signal: AbortSignal): Promise<EncryptFill> {
    this.counts.sourceCalls++;
    // The source learns the most this key may encrypt (the spec's max plaintext length on a miss).
    const m: EncryptionMaterials | undefined = await this.source.getEncryptionMaterials({ ...request, plaintextLength: this.maxBytesEncrypted, signal });
    const key = m?.plaintextDataKey;
    try {
      // Only what core will accept is stored: a bad answer is reported by core on the waiters' own calls.
      const ok = m?.suite?.cacheable === true && key instanceof Uint8Array && key.length === m.suite.keyLength && m.encryptedDataKeys?.length > 0;
      if (ok) this.cache.putEncryptionEntry(id, { ...m, plaintextDataKey: copy(key) }, this.maxAgeMs);
      return { cached: ok };
    } finally {
      if (key instanceof Uint8Array) key.fill(0);
    }
  }

  /** The data key of a cached message, or one shared source call for all who decrypt it now. */
  async decryptMaterials(request: DecryptionRequest): Promise<DecryptionMaterials> {
    const h = request.header;
    if (!findSuite(h.suiteId)?.cacheable) {
      this.counts.bypassed++;
      return this.source.decryptMaterials(request);
    }
    const id = decryptionCacheId(this.partitionHash, h.suiteId, h.encryptedDataKeys, h.encryptionContext);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      throwIfAborted(request.signal);
      const entry = this.cache.getDecryptionEntry(id);
      const key = entry?.materials.plaintextDataKey;
      if (entry && key && Date.now() < entry.expiresAt) {
        this.counts.hits++;
        countCache(true, 'decrypt');
        return { ...entry.materials, plaintextDataKey: copy(key) };
      }
      if (round > 0 && !this.decryptFlights.has(id)) break;
      this.counts.misses++;
      countCache(false, 'decrypt');
      const fill = await this.decryptFlights.run(id, (signal) => this.fillDecryption(id, request, signal), request.signal);
      if (!fill.cached) {
        if (fill.materials) return fill.materials;
        break;
      }
    }
    this.counts.bypassed++;
    return this.source.decryptMaterials(request);
  }

  private async fillDecryption(id: string, request: DecryptionRequest, signal: AbortSignal): Promise<DecryptFill> {
    this.counts.sourceCalls++;
    const m: DecryptionMaterials | undefined = await this.source.decryptMaterials({ ...request, signal });
    const key = m?.plaintextDataKey;
    if (key === undefined) return m && typeof m === 'object' ? { cached: false, materials: m } : { cached: false };
    try {
      const ok = key instanceof Uint8Array && key.length === findSuite(request.header.suiteId)?.keyLength;
      if (ok) this.cache.putDecryptionEntry(id, { ...m, plaintextDataKey: copy(key) }, this.maxAgeMs);
      return ok ? { cached: true } : { cached: false };
    } finally {
      if (key instanceof Uint8Array) key.fill(0);
    }
  }
}

/** A random partition name: a version 4 UUID (RFC 9562 § 5.4), as the AWS ESDK's default. */
function randomPartition(): string {
  const b = backend.randomBytes(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
