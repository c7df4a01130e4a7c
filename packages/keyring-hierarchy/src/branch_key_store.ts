/**
 * The branch key store: branch keys in a DynamoDB table, each wrapped by one KMS key, in the table
 * layout and with the KMS encryption contexts of the AWS Material Providers Library, so a table
 * written by either side serves both. With several regions the table is a global table and the KMS
 * key a multi-region key: reads try the local region first and fall back to the others through
 * core's decrypt runner and the regions' availability; writes go to the local region.
 */
import { randomUUID } from 'node:crypto';
import { ConfigError, InvalidArgumentError, RegionHealth, type Availability, type EncryptionContext, type HedgingPolicy } from '@envelope/core';
import { readKey, type BranchKeyMaterials, type KeyRequest, type ReadContext } from './branch_key_reads.js';
import { createKeyStoreTable } from './key_store_table.js';
import { createBranchKey, versionBranchKey, type WriteContext } from './key_store_writes.js';
import { isUuid } from './hierarchy_edk.js';
import { isMrkArn, parseKeyArn } from './internal/kms_arn.js';
import { RegionalClients, type StoreCredentials } from './regional_clients.js';
import { readInRegions } from './regional_read.js';

/** Options of {@link BranchKeyStore}. */
export interface BranchKeyStoreOptions {
  /** The DynamoDB table. */
  readonly tableName: string;
  /**
   * The name bound to every key of the store (in each key's KMS encryption context); default the
   * table name. Keep it when a table is restored under another name.
   */
  readonly logicalKeyStoreName?: string;
  /** ARN of the KMS key that wraps the branch keys (not an alias); a multi-region key for a multi-region store. */
  readonly kmsKeyArn: string;
  /** The regions of the (global) table; default `[localRegion]`. */
  readonly regions?: readonly string[];
  /** The region read first and written to; default AWS_REGION, else the KMS key's region. */
  readonly localRegion?: string;
  /** Endpoint per region (kms-local serves KMS and DynamoDB on one URL per region); leave out for AWS. */
  readonly endpoints?: Readonly<Record<string, string>>;
  /** Explicit credentials; leave out for the AWS SDK's default chain. */
  readonly credentials?: StoreCredentials;
  /** Deadline of one DynamoDB or KMS call, ms (default 2000). */
  readonly timeoutMs?: number;
  /**
   * Region ordering, breakers and hedge delays for reads over several regions; pass the one your
   * KMS keyrings use to share what they learn (default: one of the store's own).
   */
  readonly availability?: Availability;
  /** When a read starts in the next region while one is in flight (default `'adaptive'`). */
  readonly hedging?: HedgingPolicy;
}

/**
 * Branch keys in DynamoDB, wrapped by KMS. `createTable`, `createKey` and `versionKey` administer
 * it; the reads serve {@link HierarchicalKeyring}.
 */
export class BranchKeyStore {
  /** The table. */
  readonly tableName: string;
  /** The name bound to every key of the store. */
  readonly logicalKeyStoreName: string;
  /** The KMS key that wraps branch keys. */
  readonly kmsKeyArn: string;
  /** The regions, the local one first. */
  readonly regions: readonly string[];
  /** The region read first and written to. */
  readonly localRegion: string;
  /** Breakers and ordering of the regions. */
  readonly availability: Availability | undefined;
  readonly #clients: RegionalClients;
  readonly #hedging: HedgingPolicy | undefined;

  constructor(options: BranchKeyStoreOptions) {
    if (typeof options !== 'object' || options === null) throw new ConfigError('branch key store: options { tableName, kmsKeyArn } are required');
    const o = options;
    if (typeof o.tableName !== 'string' || !/^[A-Za-z0-9_.-]{3,255}$/.test(o.tableName)) throw new ConfigError('branch key store: tableName must be 3-255 letters, digits, _ . -', 'tableName');
    const arn = typeof o.kmsKeyArn === 'string' ? parseKeyArn(o.kmsKeyArn) : undefined;
    if (!arn) throw new ConfigError(`branch key store: kmsKeyArn must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID), not an alias: ${JSON.stringify(o.kmsKeyArn)}`, 'kmsKeyArn');
    const logical = o.logicalKeyStoreName ?? o.tableName;
    if (typeof logical !== 'string' || logical.length === 0) throw new ConfigError('branch key store: logicalKeyStoreName must be a non-empty string', 'logicalKeyStoreName');
    const local = o.localRegion ?? o.regions?.[0] ?? process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? arn.region;
    const regions = [...new Set([local, ...(o.regions ?? [])])];
    if (o.regions && !o.regions.includes(local)) throw new ConfigError(`branch key store: localRegion ${local} is not one of regions (${o.regions.join(', ')})`, 'localRegion');
    if (regions.length > 1 && !isMrkArn(o.kmsKeyArn)) throw new ConfigError('branch key store: a store over several regions needs a multi-region KMS key (mrk-…)', 'kmsKeyArn');
    const timeoutMs = o.timeoutMs ?? 2000;
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new ConfigError('branch key store: timeoutMs must be a positive integer', 'timeoutMs');
    this.tableName = o.tableName;
    this.logicalKeyStoreName = logical;
    this.kmsKeyArn = o.kmsKeyArn;
    this.regions = regions;
    this.localRegion = local;
    this.availability = o.availability ?? (regions.length > 1 ? new RegionHealth() : undefined);
    this.#hedging = o.hedging;
    // With other regions to go to, a failing call retries once (a connection the server closed
    // while idle is reset on reuse) and then moves on, instead of the SDK's three attempts.
    this.#clients = new RegionalClients({ endpoints: o.endpoints, credentials: o.credentials, timeoutMs, maxAttempts: regions.length > 1 ? 2 : 3, availability: this.availability });
  }

  private get ctx(): WriteContext {
    return { clients: this.#clients, tableName: this.tableName, logicalKeyStoreName: this.logicalKeyStoreName, kmsKeyArn: this.kmsKeyArn, writeRegion: this.localRegion };
  }

  /** Creates the table if it does not exist (and, over several regions, its replicas); idempotent. */
  async createTable(): Promise<void> {
    await createKeyStoreTable(this.ctx, { writeRegion: this.localRegion, regions: this.regions });
  }

  /**
   * Creates a branch key (its first version, ACTIVE item and beacon key); `branchKeyId` defaults to
   * a random UUID. The custom `encryptionContext` is bound to every version of the key.
   */
  async createKey(input: { branchKeyId?: string; encryptionContext?: EncryptionContext } = {}): Promise<{
    /** The new key's id (the one given, or the UUID made for it). */
    branchKeyId: string;
  }> {
    const id = input.branchKeyId ?? randomUUID();
    if (typeof id !== 'string' || id.length === 0) throw new InvalidArgumentError('branch key store: branchKeyId must be a non-empty string');
    const ec = input.encryptionContext ?? {};
    for (const [k, v] of Object.entries(ec)) {
      if (k.length === 0 || typeof v !== 'string') throw new InvalidArgumentError('branch key store: encryptionContext must map non-empty keys to strings');
    }
    await createBranchKey(this.ctx, id, ec);
    return { branchKeyId: id };
  }

  /** Makes a new version the ACTIVE one; messages of older versions still open. Fails if another versionKey won the race. */
  async versionKey(input: { branchKeyId: string }): Promise<void> {
    if (typeof input?.branchKeyId !== 'string' || input.branchKeyId.length === 0) throw new InvalidArgumentError('branch key store: versionKey needs a branchKeyId');
    await versionBranchKey(this.ctx, input.branchKeyId);
  }

  /** The ACTIVE version of a branch key, in the clear (the caller wipes `key` when done). */
  getActiveBranchKey(branchKeyId: string, options: { signal?: AbortSignal } = {}): Promise<BranchKeyMaterials> {
    return this.read({ kind: 'active', branchKeyId }, options.signal);
  }

  /** One version of a branch key, in the clear (the caller wipes `key` when done). */
  getBranchKeyVersion(branchKeyId: string, version: string, options: { signal?: AbortSignal } = {}): Promise<BranchKeyMaterials> {
    if (!isUuid(version)) return Promise.reject(new InvalidArgumentError(`branch key store: ${JSON.stringify(version)} is not a branch key version (a UUID)`));
    return this.read({ kind: 'version', branchKeyId, version: version.toLowerCase() }, options.signal);
  }

  /** The beacon key of a branch key (searchable encryption), in the clear (the caller wipes `key`). */
  getBeaconKey(branchKeyId: string, options: { signal?: AbortSignal } = {}): Promise<BranchKeyMaterials> {
    return this.read({ kind: 'beacon', branchKeyId }, options.signal);
  }

  private read(r: KeyRequest, signal?: AbortSignal): Promise<BranchKeyMaterials> {
    if (typeof r.branchKeyId !== 'string' || r.branchKeyId.length === 0) return Promise.reject(new InvalidArgumentError('branch key store: a branch key id is a non-empty string'));
    const ctx: ReadContext = this.ctx;
    if (this.regions.length === 1) return readKey(ctx, this.localRegion, r, signal);
    const what = r.kind === 'version' ? `${r.branchKeyId} version ${r.version}` : `${r.branchKeyId} (${r.kind})`;
    return readInRegions(what, (region, s) => readKey(ctx, region, r, s), { regions: this.regions, localRegion: this.localRegion, availability: this.availability, hedging: this.#hedging, signal });
  }

  /** Shows which store this is, never credentials. */
  toJSON(): {
    /** The table. */
    tableName: string;
    /** The name bound to every key of the store. */
    logicalKeyStoreName: string;
    /** The KMS key that wraps branch keys. */
    kmsKeyArn: string;
    /** The regions the store reads from, local first. */
    regions: readonly string[];
  } {
    return { tableName: this.tableName, logicalKeyStoreName: this.logicalKeyStoreName, kmsKeyArn: this.kmsKeyArn, regions: this.regions };
  }

  /** Closes the store's SDK clients. */
  destroy(): void {
    this.#clients.destroy();
  }
}
