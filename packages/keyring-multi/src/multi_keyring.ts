/**
 * Composes keyrings: the generator makes the data key, every child wraps it (concurrently); on
 * decrypt one plan over all children's candidates runs through core's decrypt runner. Region
 * availability and the local region come from the children through core's `AvailabilityAware`
 * (a KMS keyring exposes its region health), never by knowing their classes.
 */
import {
  KeyringError,
  NOT_MINE,
  isPlannable,
  runDecrypt,
  type Availability,
  type AvailabilityAware,
  type DecryptCandidate,
  type DecryptionMaterials,
  type EncryptedDataKey,
  type EncryptionMaterials,
  type HedgingPolicy,
  type Keyring,
  type KeyringCallOptions,
  type PlannableKeyring,
} from '@envelope/core';

/**
 * The earlier object form of a hedging policy: `{ delayMs: 50 }` is the fixed policy `50`,
 * `{ delayMs: 'p95' }` the adaptive one.
 */
export interface HedgingOptions {
  /** Fixed delay in ms, or `'p95'` for the region's adaptive delay. */
  readonly delayMs: number | 'p95';
  /** Ignored (the availability's cold-start delay applies); kept for compatibility. */
  readonly fallbackMs?: number;
}

/** Options of {@link MultiKeyring}. */
export interface MultiKeyringOptions {
  /** Makes the data key on encrypt (and is a decrypt candidate like the children). */
  readonly generator?: Keyring;
  /** Keyrings that wrap the generator's data key; all are decrypt candidates. */
  readonly children?: readonly Keyring[];
  /** Region tried first (default: the first child's that names one, e.g. a KMS keyring's localRegion). */
  readonly localRegion?: string;
  /** Region order, breakers and hedge delays (default: the first child's that has one, e.g. a KMS keyring's region health). */
  readonly availability?: Availability;
  /**
   * When to start the next regional candidate while one is in flight: `'adaptive'` (the default:
   * after the region's adaptive delay), a fixed delay in ms, or `'off'`.
   */
  readonly hedging?: HedgingPolicy | HedgingOptions;
}

/** A keyring made of keyrings. */
export class MultiKeyring implements PlannableKeyring {
  /** The keyring that makes the data key. */
  readonly generator: Keyring | undefined;
  /** The keyrings that wrap it. */
  readonly children: readonly Keyring[];
  /** Region order and breakers used by the decrypt plan (from the options or a child). */
  readonly availability: Availability | undefined;
  /** The region tried first. */
  readonly localRegion: string | undefined;
  private readonly hedging: HedgingPolicy;

  constructor(options: MultiKeyringOptions) {
    this.generator = options.generator;
    this.children = [...(options.children ?? [])];
    if (!this.generator && this.children.length === 0) throw new KeyringError('a multi keyring needs a generator or at least one child');
    const aware = this.all() as AvailabilityAware[];
    this.availability = options.availability ?? aware.find((k) => k.availability)?.availability;
    this.localRegion = options.localRegion ?? aware.find((k) => typeof k.localRegion === 'string')?.localRegion;
    this.hedging = hedgingPolicy(options.hedging);
  }

  private all(): Keyring[] {
    return [...(this.generator ? [this.generator] : []), ...this.children];
  }

  /**
   * The generator makes the data key and its EDK; then every child wraps that key concurrently.
   * Without a generator the materials must already carry a data key (as in the AWS ESDK).
   */
  async onEncrypt(materials: EncryptionMaterials, options: KeyringCallOptions = {}): Promise<EncryptionMaterials> {
    let m = materials;
    if (this.generator) {
      m = await this.generator.onEncrypt(materials, options);
      if (!m.plaintextDataKey) throw new KeyringError('the generator keyring returned no data key');
    } else if (!m.plaintextDataKey) {
      throw new KeyringError('a multi keyring without a generator needs materials that already carry a data key');
    }
    const base = m;
    const results = await Promise.allSettled(this.children.map((c) => c.onEncrypt(base, options)));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed.length) {
      if (!materials.plaintextDataKey) base.plaintextDataKey!.fill(0);
      const first = failed[0]!.reason as Error;
      throw new KeyringError(`a child keyring failed to wrap the data key: ${first?.message ?? String(first)}`, [], { cause: first });
    }
    const edks: EncryptedDataKey[] = [...base.encryptedDataKeys];
    const skipped = [...(base.skippedKeys ?? [])];
    for (const r of results as PromiseFulfilledResult<EncryptionMaterials>[]) {
      edks.push(...r.value.encryptedDataKeys.slice(base.encryptedDataKeys.length));
      skipped.push(...(r.value.skippedKeys ?? []).slice(base.skippedKeys?.length ?? 0));
    }
    return { ...base, encryptedDataKeys: edks, ...(skipped.length ? { skippedKeys: skipped } : {}) };
  }

  /** Every child's candidates (a non-plannable child is one 'other' candidate that may answer "not mine"). */
  decryptCandidates(materials: DecryptionMaterials, edks: readonly EncryptedDataKey[]): DecryptCandidate[] {
    return this.all().flatMap((k): DecryptCandidate[] => {
      if (isPlannable(k)) return [...k.decryptCandidates(materials, edks)];
      if (edks.length === 0) return [];
      return [
        {
          kind: 'other',
          keyring: (k as { constructor?: { name?: string } }).constructor?.name ?? 'keyring',
          keyId: '(custom keyring)',
          edk: edks[0]!,
          attempt: async (m, o) => {
            const out = await k.onDecrypt(m, edks, o?.signal ? { signal: o.signal } : {});
            return out.plaintextDataKey ? out : NOT_MINE;
          },
        },
      ];
    });
  }

  /** Runs one plan over every child's candidates through core's decrypt runner. */
  async onDecrypt(materials: DecryptionMaterials, edks: readonly EncryptedDataKey[], options: KeyringCallOptions = {}): Promise<DecryptionMaterials> {
    return runDecrypt(materials, this.decryptCandidates(materials, edks), {
      availability: this.availability,
      localRegion: this.localRegion,
      hedging: this.hedging,
      signal: options.signal,
    });
  }
}

function hedgingPolicy(h: HedgingPolicy | HedgingOptions | undefined): HedgingPolicy {
  if (h === undefined) return 'adaptive';
  if (typeof h === 'object') return h.delayMs === 'p95' ? 'adaptive' : h.delayMs;
  return h;
}
