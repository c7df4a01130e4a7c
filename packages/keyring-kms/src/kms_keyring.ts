/**
 * The AWS KMS keyring: a generator key plus wrapping keys in other regions, wrapped concurrently;
 * MRK-aware decryption, local region first; discovery with a filter; alias → per-region ARN.
 */
import type { KMSClient } from '@aws-sdk/client-kms';
import {
  ConfigError,
  KeyringError,
  KmsRequestError,
  runDecrypt,
  type Availability,
  type DecryptCandidate,
  type DecryptionMaterials,
  type EncryptedDataKey,
  type EncryptionMaterials,
  type HedgingPolicy,
  type KeyringCallOptions,
  type PlannableKeyring,
} from '@envelope/core';
import { parseKmsArn, type KmsArn } from './arn.js';
import { KmsClientPool, type AwsCredentials } from './client_pool.js';
import { expandPerRegion, refMatches, refOf, type KeyRef } from './key_refs.js';
import { RegionHealth } from './region_health.js';
import { kmsCall, type CallOptions } from './internal/kms_call.js';
import { KMS_PROVIDER_ID, kmsEncrypt, type EncryptSettings } from './internal/kms_encrypt.js';
import { defaultRegion } from '#default-region';

export { KMS_PROVIDER_ID };

/** Options of {@link KmsKeyring}. */
export interface KmsKeyringOptions {
  /** Key that generates the data key (key ARN, alias ARN, or id/alias in localRegion). */
  readonly generatorKeyId?: string;
  /** Further keys that wrap the data key (any regions). */
  readonly keyIds?: readonly string[];
  /** Alternative to generatorKeyId/keyIds: one alias or key id expanded to an ARN per region (first region generates). */
  readonly keyId?: string;
  /** Regions for `keyId`, one ARN each; the first generates. */
  readonly regions?: readonly string[];
  /** Decrypt any aws-kms EDK that passes discoveryFilter (no encryption). */
  readonly discovery?: boolean;
  /** Required with discovery: only EDKs of these accounts in this partition are tried. */
  readonly discoveryFilter?: {
    /** AWS account ids whose keys may be used. */
    readonly accountIds: readonly string[];
    /** AWS partition, e.g. `aws`. */
    readonly partition: string;
  };
  /** Builds the KMS client of a region (else built from endpoints/credentials/maxAttempts). */
  readonly clientFactory?: (region: string) => KMSClient;
  /** Endpoint override per region (kms-local); leave out for real AWS. */
  readonly endpoints?: Readonly<Record<string, string>>;
  /** Explicit credentials; leave out for the AWS SDK's default chain. */
  readonly credentials?: AwsCredentials;
  /** Attempts per KMS call, retries included, when no other region could answer instead (default 2). */
  readonly maxAttempts?: number;
  /** Deadline of one KMS call in ms, retries included (default 3000). */
  readonly timeoutMs?: number;
  /**
   * Region tried first on decrypt, and the region of key ids that are not ARNs. Default: the AWS
   * SDK's region ({@link defaultRegion}: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region).
   */
  readonly localRegion?: string;
  /** Accept fewer wrapped keys than configured: a count, or 'generator' (only the generator must succeed). */
  readonly minKeys?: number | 'generator';
  /** Make the data key locally (CSPRNG) and wrap it under every key at once: one round trip. */
  readonly generateDataKeyLocally?: boolean;
  /** Shared region health (default: a new one per keyring). */
  readonly health?: RegionHealth;
  /** Shared client pool (the registry shares one per config); endpoints/credentials/clientFactory are then unused. */
  readonly pool?: KmsClientPool;
  /**
   * Decrypt hedging: `'adaptive'` (default: start the next region when this one has not answered
   * within its adaptive delay), a fixed delay in ms, or `'off'`.
   */
  readonly hedging?: HedgingPolicy;
  /** KMS grant tokens passed with every call. */
  readonly grantTokens?: readonly string[];
}

/** AWS KMS keyring. See the package README for the failure modes. */
export class KmsKeyring implements PlannableKeyring {
  /** Per-region outcomes and circuit breakers used to order and skip regions. */
  readonly health: RegionHealth;
  /** The region tried first on decrypt. */
  readonly localRegion: string | undefined;
  // Private (#) so credentials never show in JSON.stringify or util.inspect.
  readonly #options: KmsKeyringOptions;
  readonly #pool: KmsClientPool;
  readonly #ownPool: boolean;
  readonly #timeoutMs: number;
  #refs: Promise<{ generator: KeyRef | undefined; others: KeyRef[] }> | undefined;
  #resolved: KeyRef[] | undefined;

  constructor(options: KmsKeyringOptions) {
    const o: KmsKeyringOptions = options ?? {};
    this.#options = o;
    this.localRegion = o.localRegion ?? defaultRegion();
    checkOptions(o);
    this.#timeoutMs = o.timeoutMs ?? 3000;
    this.health = o.health ?? new RegionHealth();
    this.#ownPool = o.pool === undefined;
    this.#pool = o.pool ?? new KmsClientPool({
      ...(o.clientFactory ? { clientFactory: o.clientFactory } : {}),
      ...(o.endpoints ? { endpoints: o.endpoints } : {}),
      ...(o.credentials ? { credentials: o.credentials } : {}),
    });
    if (o.keyId === undefined) this.#refs = Promise.resolve(this.staticRefs());
  }

  /** The availability (region health) decrypt plans order by; the same object as `health`. */
  get availability(): Availability {
    return this.health;
  }

  private staticRefs(): { generator: KeyRef | undefined; others: KeyRef[] } {
    const o = this.#options;
    return {
      generator: o.generatorKeyId ? refOf(o.generatorKeyId, this.localRegion, 'generatorKeyId') : undefined,
      others: (o.keyIds ?? []).map((k, i) => refOf(k, this.localRegion, `keyIds[${i}]`)),
    };
  }

  /** Configured keys; for keyId + regions, the account comes from STS once. */
  private keyRefs(signal?: AbortSignal): Promise<{ generator: KeyRef | undefined; others: KeyRef[] }> {
    if (!this.#refs) {
      const o = this.#options;
      const regions = o.regions!;
      const observe = (region: string, ok: boolean, ms: number): void => this.health.record(region, ok ? 'ok' : 'failed', ms);
      this.#refs = this.#pool.accountId(this.health.order(regions, this.localRegion), this.#timeoutMs, signal, observe).then((account) => {
        const all = expandPerRegion(o.keyId!, regions, account);
        this.#resolved = all;
        return { generator: all[0], others: all.slice(1) };
      });
      this.#refs.catch(() => (this.#refs = undefined));
    }
    return this.#refs;
  }

  private get settings(): EncryptSettings {
    const o = this.#options;
    return {
      pool: this.#pool,
      health: this.health,
      timeoutMs: this.#timeoutMs,
      maxAttempts: o.maxAttempts ?? 2,
      minKeys: o.minKeys,
      generateDataKeyLocally: o.generateDataKeyLocally === true,
      grantTokens: o.grantTokens,
      localRegion: this.localRegion,
    };
  }

  /**
   * Generates the data key (GenerateDataKey with the generator; with `minKeys`, the next healthy
   * key when the generator's region fails) and wraps it under every other key concurrently. A region
   * whose breaker is open is not called: skipped under `minKeys`, else a RegionUnavailableError at once.
   */
  async onEncrypt(materials: EncryptionMaterials, options: KeyringCallOptions = {}): Promise<EncryptionMaterials> {
    if (this.#options.discovery) throw new KeyringError('a discovery KMS keyring cannot encrypt');
    const { generator, others } = await this.keyRefs(options.signal);
    return kmsEncrypt(this.settings, materials, generator, others, options);
  }

  /**
   * Discovery: one candidate per EDK that passes the filter. Otherwise, per configured key, one
   * candidate per EDK it can open (as the AWS ESDK tries each): EDKs wrapped under exactly that key
   * or in its region first; EDKs of other replicas of the same multi-region key as fallbacks.
   */
  decryptCandidates(_materials: DecryptionMaterials, edks: readonly EncryptedDataKey[]): DecryptCandidate[] {
    const filter = this.#options.discoveryFilter;
    const parsed = edks
      .filter((e) => e.providerId === KMS_PROVIDER_ID)
      .map((edk) => ({ edk, text: new TextDecoder().decode(edk.providerInfo) }))
      .map((x) => ({ ...x, arn: parseKmsArn(x.text) }))
      .filter((x): x is { edk: EncryptedDataKey; text: string; arn: KmsArn } => x.arn?.resourceType === 'key');
    if (this.#options.discovery) {
      return parsed
        .filter(({ arn }) => !filter || (arn.partition === filter.partition && filter.accountIds.includes(arn.account)))
        .map(({ edk, text, arn }) => this.candidate({ keyId: text, region: arn.region, arn }, edk, false));
    }
    const out: DecryptCandidate[] = [];
    for (const ref of this.knownRefs()) {
      for (const x of parsed.filter((p) => refMatches(ref, p.arn))) {
        out.push(this.candidate(ref, x.edk, !(x.text === ref.keyId || x.arn.region === ref.region)));
      }
    }
    return out;
  }

  private knownRefs(): KeyRef[] {
    const o = this.#options;
    if (o.keyId !== undefined) {
      if (this.#resolved) return this.#resolved;
      // Before STS answered: the alias (or key id) placed in each region, matched by region or MRK;
      // KMS itself checks the key when Decrypt names the alias.
      return o.regions!.map((region) => ({ keyId: o.keyId!, region, arn: undefined }));
    }
    const s = this.staticRefs();
    return [...(s.generator ? [s.generator] : []), ...s.others];
  }

  private candidate(ref: KeyRef, edk: EncryptedDataKey, fallback: boolean): DecryptCandidate {
    return {
      kind: 'kms',
      keyring: KMS_PROVIDER_ID,
      keyId: ref.keyId,
      region: ref.region,
      edk,
      ...(fallback ? { fallback } : {}),
      reportsStart: true,
      attempt: (materials, options = {}) => this.openEdk(ref, edk, materials, options),
    };
  }

  private async openEdk(ref: KeyRef, edk: EncryptedDataKey, materials: DecryptionMaterials, options: CallOptions): Promise<DecryptionMaterials> {
    // Before the account is known, the alias name (or key id) itself goes to the region's endpoint:
    // KMS resolves it there, so decrypting never waits on STS.
    const keyId = ref.keyId;
    const grants = this.#options.grantTokens ? { GrantTokens: [...this.#options.grantTokens] } : {};
    const r = await kmsCall(this.settings, ref.region, 'Decrypt', keyId, (c, signal, sdk) =>
      c.send(new sdk.DecryptCommand({ CiphertextBlob: edk.ciphertext, KeyId: keyId, EncryptionContext: { ...materials.encryptionContext }, ...grants }), { abortSignal: signal }), options);
    const got = r.KeyId ? parseKmsArn(r.KeyId) : undefined;
    const expected = parseKmsArn(keyId);
    if (!r.Plaintext || r.Plaintext.length !== materials.suite.keyLength || !got || got.resourceType !== 'key' || (expected?.resourceType === 'key' && r.KeyId !== keyId)) {
      r.Plaintext?.fill(0);
      throw new KmsRequestError(`Decrypt with ${keyId} returned an unexpected key or data key`, { keyId, region: ref.region, operation: 'Decrypt' });
    }
    return { ...materials, plaintextDataKey: r.Plaintext, decryptedBy: { providerId: KMS_PROVIDER_ID, keyId: r.KeyId!, region: ref.region } };
  }

  /** Runs the decrypt plan over this keyring's candidates (local region first, hedged, breakers honoured). */
  async onDecrypt(materials: DecryptionMaterials, edks: readonly EncryptedDataKey[], options: KeyringCallOptions = {}): Promise<DecryptionMaterials> {
    return runDecrypt(materials, this.decryptCandidates(materials, edks), {
      availability: this.health,
      localRegion: this.localRegion,
      hedging: this.#options.hedging ?? 'adaptive',
      signal: options.signal,
    });
  }

  /** Closes the KMS clients this keyring built (not those of a shared pool). */
  destroy(): void {
    if (this.#ownPool) this.#pool.destroy();
  }

  /** Which keys this is; never credentials. */
  toJSON(): {
    /** `aws-kms` */
    keyring: string;
    /** Generator key, if configured. */
    generatorKeyId?: string;
    /** Further keys. */
    keyIds?: readonly string[];
    /** Alias or key id expanded per region. */
    keyId?: string;
    /** Regions of `keyId`. */
    regions?: readonly string[];
    /** Whether this is a discovery keyring. */
    discovery?: boolean;
    /** The region tried first on decrypt. */
    localRegion?: string;
  } {
    const o = this.#options;
    return {
      keyring: KMS_PROVIDER_ID,
      ...(o.generatorKeyId ? { generatorKeyId: o.generatorKeyId } : {}),
      ...(o.keyIds ? { keyIds: o.keyIds } : {}),
      ...(o.keyId ? { keyId: o.keyId } : {}),
      ...(o.regions ? { regions: o.regions } : {}),
      ...(o.discovery ? { discovery: true } : {}),
      ...(this.localRegion ? { localRegion: this.localRegion } : {}),
    };
  }

  /**
   * `util.inspect` shows the same as JSON: keys and regions, never credentials. Node's well-known
   * symbol, and the `inspect` Node hands in, so that browsers load no node:util.
   */
  [Symbol.for('nodejs.util.inspect.custom')](_depth: number, _options: unknown, inspect: (value: unknown) => string): string {
    return `KmsKeyring ${inspect(this.toJSON())}`;
  }
}

function checkOptions(o: KmsKeyringOptions): void {
  if (o.discovery) {
    if (o.generatorKeyId || o.keyIds?.length || o.keyId) throw new ConfigError('a discovery keyring takes no key ids');
    if (!o.discoveryFilter || !o.discoveryFilter.accountIds.length || !o.discoveryFilter.partition) {
      throw new ConfigError('discovery needs discoveryFilter { accountIds, partition }', 'discoveryFilter');
    }
  } else if (o.keyId !== undefined) {
    if (o.generatorKeyId || o.keyIds?.length) throw new ConfigError('use either keyId + regions or generatorKeyId + keyIds');
    if (!o.regions?.length) throw new ConfigError('keyId needs regions', 'regions');
    if (o.keyId.startsWith('arn:')) throw new ConfigError('keyId + regions takes an alias (alias/name) or a key id, not an ARN', 'keyId');
  } else if (!o.generatorKeyId && !o.keyIds?.length) {
    throw new ConfigError('a KMS keyring needs generatorKeyId, keyIds, keyId + regions, or discovery');
  }
  if (o.minKeys !== undefined && o.minKeys !== 'generator' && !(Number.isInteger(o.minKeys) && o.minKeys >= 1)) {
    throw new ConfigError("minKeys must be a positive integer or 'generator'", 'minKeys');
  }
  if (o.hedging !== undefined && o.hedging !== 'off' && o.hedging !== 'adaptive' && !(typeof o.hedging === 'number' && o.hedging >= 0)) {
    throw new ConfigError("hedging must be 'off', 'adaptive' or a delay in ms", 'hedging');
  }
}
