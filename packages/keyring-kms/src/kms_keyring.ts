/**
 * The AWS KMS keyring: a generator key plus wrapping keys in other regions, wrapped concurrently;
 * MRK-aware decryption, local region first; discovery with a filter; alias → per-region ARN.
 */
import {
  KeyringError,
  runDecrypt,
  type Availability,
  type DecryptCandidate,
  type DecryptionMaterials,
  type EncryptedDataKey,
  type EncryptionMaterials,
  type KeyringCallOptions,
  type PlannableKeyring,
} from '@envelope/core';
import { parseKmsArn, type KmsArn } from './arn.js';
import { KmsClientPool } from './client_pool.js';
import { expandPerRegion, refMatches, refOf, type KeyRef } from './key_refs.js';
import { RegionHealth } from './region_health.js';
import { KmsRequestError } from './errors.js';
import { kmsCall, type CallOptions } from './internal/kms_call.js';
import { KMS_PROVIDER_ID, kmsEncrypt, type EncryptSettings } from './internal/kms_encrypt.js';
import { defaultRegion } from '#default-region';
import { checkOptions, type KmsKeyringOptions } from './kms_keyring_options.js';

export { KMS_PROVIDER_ID };
export type { KmsKeyringOptions };

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
      kind: 'remote',
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
