/**
 * The hierarchical keyring (AWS ESDK spec, aws-kms-hierarchical-keyring.md): data keys are wrapped
 * locally under a key derived from a branch key, and branch keys come from a {@link BranchKeyStore}
 * once per cache TTL, so KMS is called per branch key and TTL, not per message. EDKs are the
 * `aws-kms-hierarchy` EDKs of the Material Providers Library and esdk-js, byte for byte.
 */
import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import {
  ConfigError,
  KeyringError,
  NOT_MINE,
  runDecrypt,
  type DecryptCandidate,
  type DecryptionMaterials,
  type EncryptedDataKey,
  type EncryptionContext,
  type EncryptionMaterials,
  type KeyringCallOptions,
  type PlannableKeyring,
} from '@envelope/core';
import { BranchKeyCache } from './branch_key_cache.js';
import type { BranchKeyMaterials } from './branch_key_reads.js';
import type { BranchKeyStore } from './branch_key_store.js';
import { unwrapDataKey, wrapDataKey } from './branch_key_wrapping.js';
import { HIERARCHY_PROVIDER_ID, bytesToUuid, edkBranchKeyId, hierarchyEdk, readHierarchyCiphertext } from './hierarchy_edk.js';

/** Picks the branch key of a message from its encryption context (multi-tenant applications). */
export type BranchKeyIdSupplier = (encryptionContext: EncryptionContext) => string | Promise<string>;

/** Options of {@link HierarchicalKeyring}. */
export interface HierarchicalKeyringOptions {
  /** Where branch keys come from. */
  readonly keyStore: BranchKeyStore;
  /** The branch key of every message; or give `branchKeyIdSupplier`. */
  readonly branchKeyId?: string;
  /** The branch key of each message from its encryption context (one per tenant, say). */
  readonly branchKeyIdSupplier?: BranchKeyIdSupplier;
  /** How long a branch key is used after it was read, ms (> 0). */
  readonly cacheTtlMs: number;
  /** Most branch keys (and versions) held at once (default 1000). */
  readonly maxCacheSize?: number;
  /** Names this keyring's cache entries, as the Material Providers Library's partition id (default random). */
  readonly partitionId?: string;
}

const KEYRING = 'aws-kms-hierarchy';

/** Wraps data keys under branch keys from a {@link BranchKeyStore}; see the package README. */
export class HierarchicalKeyring implements PlannableKeyring {
  /** The store branch keys come from. */
  readonly keyStore: BranchKeyStore;
  /** The configured branch key id, if not a supplier. */
  readonly branchKeyId: string | undefined;
  readonly #supplier: BranchKeyIdSupplier | undefined;
  readonly #cache: BranchKeyCache;
  readonly #partition: string;

  constructor(options: HierarchicalKeyringOptions) {
    if (typeof options !== 'object' || options === null) throw new ConfigError('hierarchical keyring: options { keyStore, branchKeyId, cacheTtlMs } are required');
    const o = options;
    if (typeof o.keyStore?.getActiveBranchKey !== 'function' || typeof o.keyStore.getBranchKeyVersion !== 'function') throw new ConfigError('hierarchical keyring: keyStore must be a BranchKeyStore', 'keyStore');
    if ((o.branchKeyId === undefined) === (o.branchKeyIdSupplier === undefined)) throw new ConfigError('hierarchical keyring: give exactly one of branchKeyId and branchKeyIdSupplier', 'branchKeyId');
    if (o.branchKeyId !== undefined && (typeof o.branchKeyId !== 'string' || o.branchKeyId.length === 0)) throw new ConfigError('hierarchical keyring: branchKeyId must be a non-empty string', 'branchKeyId');
    if (o.branchKeyIdSupplier !== undefined && typeof o.branchKeyIdSupplier !== 'function') throw new ConfigError('hierarchical keyring: branchKeyIdSupplier must be a function', 'branchKeyIdSupplier');
    if (typeof o.cacheTtlMs !== 'number' || !(o.cacheTtlMs > 0) || !Number.isFinite(o.cacheTtlMs)) throw new ConfigError('hierarchical keyring: cacheTtlMs must be a number of ms above 0', 'cacheTtlMs');
    const max = o.maxCacheSize ?? 1000;
    if (!Number.isInteger(max) || max < 0) throw new ConfigError('hierarchical keyring: maxCacheSize must be an integer ≥ 0', 'maxCacheSize');
    if (o.partitionId !== undefined && (typeof o.partitionId !== 'string' || o.partitionId.length === 0)) throw new ConfigError('hierarchical keyring: partitionId must be a non-empty string', 'partitionId');
    this.keyStore = o.keyStore;
    this.branchKeyId = o.branchKeyId;
    this.#supplier = o.branchKeyIdSupplier;
    this.#cache = new BranchKeyCache({ ttlMs: o.cacheTtlMs, maxSize: max });
    this.#partition = o.partitionId ?? randomBytes(32).toString('base64');
  }

  /** Cache hits and loads so far (a load is one GetItem and one KMS Decrypt). */
  get cacheStats(): {
    /** Lookups the cache answered. */
    hits: number;
    /** Lookups that went to the store. */
    misses: number;
    /** Entries held now. */
    size: number;
  } {
    return this.#cache.stats;
  }

  private async branchKeyFor(ec: EncryptionContext): Promise<string> {
    if (this.branchKeyId !== undefined) return this.branchKeyId;
    let id: unknown;
    try {
      id = await this.#supplier!(ec);
    } catch (cause) {
      throw new KeyringError(`hierarchical keyring: the branch key id supplier failed: ${(cause as Error)?.message ?? String(cause)}`, [], { cause });
    }
    if (typeof id !== 'string' || id.length === 0) throw new KeyringError('hierarchical keyring: the branch key id supplier must return a non-empty string');
    return id;
  }

  // Cache ids as the MPL's (partition, logical store name, branch key id, scope): one store's
  // entries never answer for another's.
  private activeId(branchKeyId: string): string {
    return JSON.stringify([this.#partition, this.keyStore.logicalKeyStoreName, branchKeyId, 'ACTIVE']);
  }

  private versionId(branchKeyId: string, version: string): string {
    return JSON.stringify([this.#partition, this.keyStore.logicalKeyStoreName, branchKeyId, 'version', version]);
  }

  private async loadActive(branchKeyId: string, signal?: AbortSignal): Promise<BranchKeyMaterials> {
    const bk = await this.keyStore.getActiveBranchKey(branchKeyId, signal ? { signal } : {});
    // The active key is also its version: messages just written open without another read.
    this.#cache.put(this.versionId(branchKeyId, bk.version), { ...bk, key: Buffer.from(bk.key) });
    return bk;
  }

  /** Generates the data key if absent and appends an `aws-kms-hierarchy` EDK wrapped under the active branch key. */
  async onEncrypt(materials: EncryptionMaterials, options: KeyringCallOptions = {}): Promise<EncryptionMaterials> {
    const generated = materials.plaintextDataKey === undefined;
    const dataKey = materials.plaintextDataKey ?? randomBytes(materials.suite.keyLength);
    try {
      if (dataKey.length !== materials.suite.keyLength) throw new KeyringError(`hierarchical keyring: data key is ${dataKey.length} bytes, the suite needs ${materials.suite.keyLength}`);
      const id = await this.branchKeyFor(materials.encryptionContext);
      const ciphertext = await this.#cache.use(this.activeId(id), () => this.loadActive(id, options.signal), (bk) => wrapDataKey(bk, dataKey, materials.encryptionContext));
      return { ...materials, plaintextDataKey: dataKey, encryptedDataKeys: [...materials.encryptedDataKeys, hierarchyEdk(id, ciphertext)] };
    } catch (err) {
      if (generated) dataKey.fill(0);
      throw err;
    }
  }

  /** One candidate per `aws-kms-hierarchy` EDK; each checks the EDK names this message's branch key. */
  decryptCandidates(_materials: DecryptionMaterials, edks: readonly EncryptedDataKey[]): readonly DecryptCandidate[] {
    const out: DecryptCandidate[] = [];
    for (const edk of edks) {
      const id = edkBranchKeyId(edk);
      if (id === undefined || (this.branchKeyId !== undefined && id !== this.branchKeyId)) continue;
      out.push({ kind: 'other', keyring: KEYRING, keyId: id, edk, attempt: (m, o) => this.open(m, edk, id, o?.signal) });
    }
    return out;
  }

  /** Opens the first EDK of this message's branch key; materials unchanged if there is none. */
  async onDecrypt(materials: DecryptionMaterials, edks: readonly EncryptedDataKey[], options: KeyringCallOptions = {}): Promise<DecryptionMaterials> {
    if (materials.plaintextDataKey !== undefined) return materials;
    const candidates = this.decryptCandidates(materials, edks);
    if (candidates.length === 0) return materials;
    return runDecrypt(materials, candidates, { hedging: 'off', signal: options.signal });
  }

  private async open(materials: DecryptionMaterials, edk: EncryptedDataKey, id: string, signal?: AbortSignal): Promise<DecryptionMaterials | typeof NOT_MINE> {
    if ((await this.branchKeyFor(materials.encryptionContext)) !== id) return NOT_MINE;
    const c = readHierarchyCiphertext(edk.ciphertext, materials.suite.keyLength);
    if (!c) throw new KeyringError(`hierarchical keyring: the encrypted data key of ${id} has the wrong length for the suite`);
    const version = bytesToUuid(c.version);
    let region: string | undefined;
    const key = await this.#cache.use(
      this.versionId(id, version),
      () => this.keyStore.getBranchKeyVersion(id, version, signal ? { signal } : {}),
      (bk) => {
        region = bk.region;
        return unwrapDataKey(bk, edk.ciphertext, materials.suite.keyLength, materials.encryptionContext);
      },
    );
    return { ...materials, plaintextDataKey: key, decryptedBy: { providerId: HIERARCHY_PROVIDER_ID, keyId: id, ...(region ? { region } : {}) } };
  }

  /** Drops (and wipes) every cached branch key. */
  clearCache(): void {
    this.#cache.clear();
  }

  /** Shows which keyring this is, never keys. */
  toJSON(): {
    /** The keyring's type name. */
    keyring: string;
    /** The branch key store's table. */
    tableName: string;
    /** The fixed branch key id (absent with a supplier). */
    branchKeyId?: string;
  } {
    return { keyring: KEYRING, tableName: this.keyStore.tableName, ...(this.branchKeyId ? { branchKeyId: this.branchKeyId } : {}) };
  }
}
