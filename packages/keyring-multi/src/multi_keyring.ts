/**
 * Composes keyrings: the generator makes the data key, every child wraps it (concurrently); on
 * decrypt one plan over all children decides the order (see decrypt_plan.ts).
 */
import {
  KeyringError,
  NoKeyDecryptedError,
  isPlannable,
  type DecryptCandidate,
  type DecryptionMaterials,
  type EncryptedDataKey,
  type EncryptionMaterials,
  type Keyring,
  type KeyringCallOptions,
  type PlannableKeyring,
} from '@envelope/core';
import { KmsKeyring, RegionHealth } from '@envelope/keyring-kms';
import { planOrder } from './decrypt_plan.js';
import { NotApplicable, firstSuccess } from './first_success.js';

/** Hedging: start the next candidate if the current one has not answered within `delayMs` (or its region's p95). */
export interface HedgingOptions {
  /** Fixed delay in ms, or the region's observed p95 latency. */
  readonly delayMs: number | 'p95';
  /** With 'p95': delay used while a region has no history (default 200 ms). */
  readonly fallbackMs?: number;
}

/** Options of {@link MultiKeyring}. */
export interface MultiKeyringOptions {
  /** Makes the data key on encrypt (and is a decrypt candidate like the children). */
  readonly generator?: Keyring;
  /** Keyrings that wrap the generator's data key; all are decrypt candidates. */
  readonly children?: readonly Keyring[];
  /** Region tried first (default: the first KMS child's localRegion). */
  readonly localRegion?: string;
  /** Region health used for ordering and circuit breaking (default: the first KMS child's). */
  readonly health?: RegionHealth;
  /** Off by default. */
  readonly hedging?: HedgingOptions;
}

/** A keyring made of keyrings. */
export class MultiKeyring implements PlannableKeyring {
  /** The keyring that makes the data key. */
  readonly generator: Keyring | undefined;
  /** The keyrings that wrap it. */
  readonly children: readonly Keyring[];
  /** Region health used to order KMS candidates and skip open regions. */
  readonly health: RegionHealth;
  /** The region tried first. */
  readonly localRegion: string | undefined;
  private readonly hedging: HedgingOptions | undefined;

  constructor(options: MultiKeyringOptions) {
    this.generator = options.generator;
    this.children = [...(options.children ?? [])];
    if (!this.generator && this.children.length === 0) throw new KeyringError('a multi keyring needs a generator or at least one child');
    const kms = this.all().find((k): k is KmsKeyring => k instanceof KmsKeyring);
    const nested = this.all().find((k): k is MultiKeyring => k instanceof MultiKeyring);
    this.health = options.health ?? kms?.health ?? nested?.health ?? new RegionHealth();
    this.localRegion = options.localRegion ?? kms?.localRegion ?? nested?.localRegion;
    this.hedging = options.hedging;
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

  /** Every child's candidates (a non-plannable child is one 'other' candidate). */
  decryptCandidates(materials: DecryptionMaterials, edks: readonly EncryptedDataKey[]): DecryptCandidate[] {
    return this.all().flatMap((k): DecryptCandidate[] => {
      if (isPlannable(k)) return [...k.decryptCandidates(materials, edks)];
      return [
        {
          kind: 'other',
          keyring: (k as { constructor?: { name?: string } }).constructor?.name ?? 'keyring',
          keyId: '(custom keyring)',
          edk: edks[0]!,
          attempt: async (m, o) => {
            const out = await k.onDecrypt(m, edks, o);
            if (!out.plaintextDataKey) throw new NotApplicable();
            return out;
          },
        },
      ];
    });
  }

  async onDecrypt(materials: DecryptionMaterials, edks: readonly EncryptedDataKey[], options: KeyringCallOptions = {}): Promise<DecryptionMaterials> {
    if (materials.plaintextDataKey) return materials;
    const plan = planOrder(this.decryptCandidates(materials, edks), this.health, this.localRegion);
    if (plan.length === 0) return materials;
    const hedge = this.hedging;
    try {
      const { materials: m, attempts } = await firstSuccess(plan, materials, {
        health: this.health,
        signal: options.signal,
        hedgeDelay: (c) => (!hedge ? undefined : hedge.delayMs === 'p95' ? ((c.region ? this.health.p95(c.region) : undefined) ?? hedge.fallbackMs ?? 200) : hedge.delayMs),
      });
      return { ...m, attempts: [...(materials.attempts ?? []), ...attempts] };
    } catch (e) {
      if (Array.isArray(e)) throw new NoKeyDecryptedError(e);
      throw e;
    }
  }
}
