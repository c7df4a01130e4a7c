/**
 * A read over several regions through core's decrypt runner: one candidate per region (the local
 * region first, then the others as the availability orders them), so a region whose breaker is open
 * is skipped, a slow one is hedged, and the first region to answer wins. The runner speaks of data
 * keys; a branch key travels through it as one (`plaintextDataKey`), and a loser's copy is wiped.
 */
import { DEFAULT_SUITE_ID, NoKeyDecryptedError, KeyringError, SUITES, runDecrypt, type Availability, type DecryptCandidate, type DecryptionMaterials, type HedgingPolicy } from '@envelope/core';
import type { BranchKeyMaterials } from './branch_key_reads.js';
import { HIERARCHY_PROVIDER_ID } from './hierarchy_edk.js';

/** Options of {@link readInRegions}. */
export interface RegionalReadOptions {
  readonly regions: readonly string[];
  readonly localRegion: string;
  readonly availability?: Availability | undefined;
  readonly hedging?: HedgingPolicy | undefined;
  readonly signal?: AbortSignal | undefined;
}

const NO_EDK = { providerId: HIERARCHY_PROVIDER_ID, providerInfo: new Uint8Array(0), ciphertext: new Uint8Array(0) };

/** Reads with `read` in the first region that answers; throws a KeyringError listing every region's failure. */
export async function readInRegions(what: string, read: (region: string, signal?: AbortSignal) => Promise<BranchKeyMaterials>, o: RegionalReadOptions): Promise<BranchKeyMaterials> {
  const results = new Map<Uint8Array, BranchKeyMaterials>();
  const candidates: DecryptCandidate[] = o.regions.map((region) => ({
    kind: 'remote',
    keyring: HIERARCHY_PROVIDER_ID,
    keyId: what,
    region,
    edk: NO_EDK,
    attempt: async (m: DecryptionMaterials, call) => {
      const bk = await read(region, call?.signal);
      results.set(bk.key, bk);
      return { ...m, plaintextDataKey: bk.key, decryptedBy: { providerId: HIERARCHY_PROVIDER_ID, keyId: what, region } };
    },
  }));
  const start: DecryptionMaterials = { suite: SUITES[DEFAULT_SUITE_ID], encryptionContext: {} };
  try {
    const m = await runDecrypt(start, candidates, { availability: o.availability, localRegion: o.localRegion, hedging: o.hedging, signal: o.signal });
    const won = m.plaintextDataKey && results.get(m.plaintextDataKey);
    if (!won) throw new KeyringError(`branch key store: no region returned ${what}`);
    return won;
  } catch (e) {
    if (e instanceof NoKeyDecryptedError) throw new KeyringError(`branch key store: could not read ${what} in any region (${e.attempts.map((a) => `${a.region}: ${a.reason}`).join('; ')})`, e.attempts, { cause: e });
    throw e;
  }
}
