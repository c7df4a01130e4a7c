/**
 * The AWS KMS keyring: a generator key plus wrapping keys in other regions, wrapped concurrently;
 * MRK-aware decryption, local region first; discovery with a filter; alias → per-region ARN.
 */
import { randomBytes } from 'node:crypto';
import type { KMSClient } from '@aws-sdk/client-kms';
import { loadKmsSdk, type KmsSdk } from './aws_sdk.js';
import {
  ConfigError,
  KeyringError,
  KmsRequestError,
  NoKeyDecryptedError,
  type DecryptCandidate,
  type DecryptionMaterials,
  type EncryptedDataKey,
  type EncryptionMaterials,
  type KeyAttempt,
  type KeyringCallOptions,
  type PlannableKeyring,
} from '@envelope/core';
import { parseKmsArn, type KmsArn } from './arn.js';
import { KmsClientPool, type AwsCredentials } from './client_pool.js';
import { expandPerRegion, refMatches, refOf, type KeyRef } from './key_refs.js';
import { RegionHealth, isRegionFailure } from './region_health.js';
import { defaultRegion } from './default_region.js';

/** Provider id of KMS EDKs, as in the AWS ESDK. */
export const KMS_PROVIDER_ID = 'aws-kms';

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
  /** Attempts per KMS call, retries included (default 2). */
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
  /** KMS grant tokens passed with every call. */
  readonly grantTokens?: readonly string[];
}

interface Wrapped {
  readonly ref: KeyRef;
  readonly edk?: EncryptedDataKey;
  readonly failure?: KeyAttempt;
}

/** AWS KMS keyring. See the package README for the failure modes. */
export class KmsKeyring implements PlannableKeyring {
  /** Per-region outcomes and circuit breakers used to order and skip regions. */
  readonly health: RegionHealth;
  /** The region tried first on decrypt. */
  readonly localRegion: string | undefined;
  private readonly pool: KmsClientPool;
  private readonly timeoutMs: number;
  private refs: Promise<{ generator: KeyRef | undefined; others: KeyRef[] }> | undefined;
  private resolved: KeyRef[] | undefined;

  constructor(private readonly options: KmsKeyringOptions) {
    const o = options;
    this.localRegion = o.localRegion ?? defaultRegion();
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
    this.timeoutMs = o.timeoutMs ?? 3000;
    this.health = o.health ?? new RegionHealth();
    this.pool = new KmsClientPool({
      ...(o.clientFactory ? { clientFactory: o.clientFactory } : {}),
      ...(o.endpoints ? { endpoints: o.endpoints } : {}),
      ...(o.credentials ? { credentials: o.credentials } : {}),
      ...(o.maxAttempts ? { maxAttempts: o.maxAttempts } : {}),
    });
    if (o.keyId === undefined) this.refs = Promise.resolve(this.staticRefs());
  }

  private staticRefs(): { generator: KeyRef | undefined; others: KeyRef[] } {
    const o = this.options;
    return {
      generator: o.generatorKeyId ? refOf(o.generatorKeyId, this.localRegion, 'generatorKeyId') : undefined,
      others: (o.keyIds ?? []).map((k, i) => refOf(k, this.localRegion, `keyIds[${i}]`)),
    };
  }

  /** Configured keys; for keyId + regions, the account comes from STS once. */
  private keyRefs(signal?: AbortSignal): Promise<{ generator: KeyRef | undefined; others: KeyRef[] }> {
    if (!this.refs) {
      const o = this.options;
      const regions = o.regions!;
      this.refs = this.pool.accountId(this.health.order(regions, this.localRegion), this.timeoutMs, signal).then((account) => {
        const all = expandPerRegion(o.keyId!, regions, account);
        this.resolved = all;
        return { generator: all[0], others: all.slice(1) };
      });
      this.refs.catch(() => (this.refs = undefined));
    }
    return this.refs;
  }

  /** Runs one KMS call with the deadline, recording region health; errors become KmsRequestError. */
  private async call<T>(region: string, operation: string, keyId: string, run: (client: KMSClient, signal: AbortSignal, sdk: KmsSdk) => Promise<T>, outer?: AbortSignal): Promise<T> {
    const deadline = AbortSignal.timeout(this.timeoutMs);
    const signal = outer ? AbortSignal.any([deadline, outer]) : deadline;
    const t0 = performance.now();
    try {
      const r = await run(await this.pool.client(region), signal, await loadKmsSdk());
      this.health.record(region, true, performance.now() - t0);
      return r;
    } catch (cause) {
      const aborted = outer?.aborted && !deadline.aborted;
      if (!aborted) this.health.record(region, !isRegionFailure(cause), performance.now() - t0);
      const why = deadline.aborted ? `no answer within ${this.timeoutMs} ms` : aborted ? 'cancelled' : `${(cause as Error)?.name ?? 'Error'}: ${(cause as Error)?.message ?? String(cause)}`;
      throw new KmsRequestError(`${operation} with ${keyId} in ${region} failed: ${why}`, { keyId, region, operation }, { cause });
    }
  }

  async onEncrypt(materials: EncryptionMaterials, options: KeyringCallOptions = {}): Promise<EncryptionMaterials> {
    if (this.options.discovery) throw new KeyringError('a discovery KMS keyring cannot encrypt');
    const { generator, others } = await this.keyRefs(options.signal);
    const suite = materials.suite;
    const ec = { ...materials.encryptionContext };
    const grants = this.options.grantTokens ? { GrantTokens: [...this.options.grantTokens] } : {};
    let dataKey = materials.plaintextDataKey;
    const edks: EncryptedDataKey[] = [];
    let wrapAll: KeyRef[] = others;
    if (!dataKey) {
      if (!generator) throw new KeyringError('no data key to wrap and no generator key configured');
      if (this.options.generateDataKeyLocally) {
        dataKey = randomBytes(suite.keyLength);
        wrapAll = [generator, ...others];
      } else {
        const r = await this.call(generator.region, 'GenerateDataKey', generator.keyId, (c, signal, sdk) =>
          c.send(new sdk.GenerateDataKeyCommand({ KeyId: generator.keyId, NumberOfBytes: suite.keyLength, EncryptionContext: ec, ...grants }), { abortSignal: signal }), options.signal);
        if (!r.Plaintext || r.Plaintext.length !== suite.keyLength || !r.CiphertextBlob || !r.KeyId || !parseKmsArn(r.KeyId)) {
          r.Plaintext?.fill(0);
          throw new KeyringError(`GenerateDataKey with ${generator.keyId} returned an invalid response`);
        }
        dataKey = r.Plaintext;
        edks.push(edkOf(r.KeyId, r.CiphertextBlob));
      }
    } else if (generator) wrapAll = [generator, ...others];
    const key = dataKey;
    const results: Wrapped[] = await Promise.all(
      wrapAll.map(async (ref): Promise<Wrapped> => {
        try {
          const r = await this.call(ref.region, 'Encrypt', ref.keyId, (c, signal, sdk) =>
            c.send(new sdk.EncryptCommand({ KeyId: ref.keyId, Plaintext: key, EncryptionContext: ec, ...grants }), { abortSignal: signal }), options.signal);
          if (!r.CiphertextBlob || !r.KeyId || !parseKmsArn(r.KeyId)) throw new KeyringError(`Encrypt with ${ref.keyId} returned an invalid response`);
          return { ref, edk: edkOf(r.KeyId, r.CiphertextBlob) };
        } catch (error) {
          return { ref, failure: { keyring: KMS_PROVIDER_ID, keyId: ref.keyId, region: ref.region, error, reason: (error as Error).message } };
        }
      }),
    );
    const failures = results.filter((r) => r.failure).map((r) => r.failure!);
    for (const r of results) if (r.edk) edks.push(r.edk);
    const generatorFailed = generator && results.some((r) => r.ref === generator && r.failure);
    const min = this.options.minKeys;
    const enough = failures.length === 0 || (min === 'generator' ? !generatorFailed && edks.length > 0 : min !== undefined && edks.length >= min);
    if (!enough) {
      if (!materials.plaintextDataKey) key.fill(0);
      const list = failures.map((f) => `${f.keyId} (${f.region}): ${f.reason}`).join('; ');
      throw new KeyringError(`KMS could not wrap the data key under every required key: ${list}`, failures);
    }
    return {
      ...materials,
      plaintextDataKey: key,
      encryptedDataKeys: [...materials.encryptedDataKeys, ...edks],
      ...(failures.length ? { skippedKeys: [...(materials.skippedKeys ?? []), ...failures] } : {}),
    };
  }

  /**
   * Discovery: one candidate per EDK that passes the filter. Otherwise one per configured key that
   * can open one of the EDKs: the EDK wrapped under exactly that key if present, else one wrapped
   * under a replica of the same multi-region key.
   */
  decryptCandidates(materials: DecryptionMaterials, edks: readonly EncryptedDataKey[]): DecryptCandidate[] {
    const filter = this.options.discoveryFilter;
    const parsed = edks
      .filter((e) => e.providerId === KMS_PROVIDER_ID)
      .map((edk) => ({ edk, text: Buffer.from(edk.providerInfo).toString('utf8') }))
      .map((x) => ({ ...x, arn: parseKmsArn(x.text) }))
      .filter((x): x is { edk: EncryptedDataKey; text: string; arn: KmsArn } => x.arn?.resourceType === 'key');
    if (this.options.discovery) {
      return parsed
        .filter(({ arn }) => !filter || (arn.partition === filter.partition && filter.accountIds.includes(arn.account)))
        .map(({ edk, text, arn }) => this.candidate({ keyId: text, region: arn.region, arn }, edk));
    }
    const out: DecryptCandidate[] = [];
    for (const ref of this.knownRefs()) {
      const matching = parsed.filter((x) => refMatches(ref, x.arn));
      const best = matching.find((x) => x.text === ref.keyId || x.arn.region === ref.region) ?? matching[0];
      if (best) out.push(this.candidate(ref, best.edk));
    }
    return out;
  }

  private knownRefs(): KeyRef[] {
    if (this.options.keyId !== undefined) {
      if (this.resolved) return this.resolved;
      // Before STS answered: the alias (or key id) placed in each region, matched by region or MRK;
      // attempt() resolves the ARN, and KMS itself checks the key when Decrypt names the alias ARN.
      return this.options.regions!.map((region) => ({ keyId: this.options.keyId!, region, arn: undefined }));
    }
    const s = this.staticRefs();
    return [...(s.generator ? [s.generator] : []), ...s.others];
  }

  private candidate(ref: KeyRef, edk: EncryptedDataKey): DecryptCandidate {
    return {
      kind: 'kms',
      keyring: KMS_PROVIDER_ID,
      keyId: ref.keyId,
      region: ref.region,
      edk,
      attempt: async (materials, options = {}) => {
        // Before the account is known, the alias name (or key id) itself goes to the region's
        // endpoint: KMS resolves it there, so decrypting never waits on STS.
        const keyId = ref.keyId;
        const r = await this.call(ref.region, 'Decrypt', keyId, (c, signal, sdk) =>
          c.send(new sdk.DecryptCommand({ CiphertextBlob: edk.ciphertext, KeyId: keyId, EncryptionContext: { ...materials.encryptionContext }, ...(this.options.grantTokens ? { GrantTokens: [...this.options.grantTokens] } : {}) }), { abortSignal: signal }), options.signal);
        const got = r.KeyId ? parseKmsArn(r.KeyId) : undefined;
        const expected = parseKmsArn(keyId);
        if (!r.Plaintext || r.Plaintext.length !== materials.suite.keyLength || !got || got.resourceType !== 'key' || (expected?.resourceType === 'key' && r.KeyId !== keyId)) {
          r.Plaintext?.fill(0);
          throw new KmsRequestError(`Decrypt with ${keyId} returned an unexpected key or data key`, { keyId, region: ref.region, operation: 'Decrypt' });
        }
        return { ...materials, plaintextDataKey: r.Plaintext, decryptedBy: { providerId: KMS_PROVIDER_ID, keyId: r.KeyId!, region: ref.region } };
      },
    };
  }

  async onDecrypt(materials: DecryptionMaterials, edks: readonly EncryptedDataKey[], options: KeyringCallOptions = {}): Promise<DecryptionMaterials> {
    if (materials.plaintextDataKey) return materials;
    const candidates = this.decryptCandidates(materials, edks);
    if (candidates.length === 0) return materials;
    const attempts: KeyAttempt[] = [];
    const order = this.health.order([...new Set(candidates.map((c) => c.region!))], this.localRegion);
    const sorted = [...candidates].sort((a, b) => order.indexOf(a.region!) - order.indexOf(b.region!));
    const deferred: DecryptCandidate[] = [];
    for (const pass of [sorted, deferred]) {
      for (const c of pass) {
        if (pass === sorted && !this.health.canCall(c.region!)) {
          deferred.push(c);
          continue;
        }
        // Last resort: an open region is tried only if no call to it failed just now.
        if (pass === deferred && attempts.some((a) => a.region === c.region && a.error)) continue;
        try {
          const m = await c.attempt(materials, options);
          return { ...m, attempts: [...(materials.attempts ?? []), ...attempts] };
        } catch (error) {
          attempts.push({ keyring: KMS_PROVIDER_ID, keyId: c.keyId, region: c.region!, error, reason: (error as Error).message });
        }
      }
    }
    throw new NoKeyDecryptedError(attempts);
  }

  /** Closes the KMS clients this keyring built. */
  destroy(): void {
    this.pool.destroy();
  }
}

function edkOf(keyArn: string, ciphertext: Uint8Array): EncryptedDataKey {
  return Object.freeze({ providerId: KMS_PROVIDER_ID, providerInfo: new Uint8Array(Buffer.from(keyArn, 'utf8')), ciphertext });
}
