import { NoKeyDecryptedError, type KeyAttempt } from './errors.js';
import type { DecryptCandidate, DecryptionMaterials, KeyringCallOptions } from './materials.js';

/**
 * Tries `candidates` one after another; returns the first success (with the failed attempts
 * before it in `attempts`), or throws NoKeyDecryptedError listing every attempt. For keyrings
 * whose onDecrypt is "my candidates, in order".
 */
export async function tryCandidates(
  materials: DecryptionMaterials,
  candidates: readonly DecryptCandidate[],
  options: KeyringCallOptions = {},
): Promise<DecryptionMaterials> {
  const attempts: KeyAttempt[] = [];
  for (const c of candidates) {
    try {
      const m = await c.attempt(materials, options);
      return attempts.length ? { ...m, attempts: [...(materials.attempts ?? []), ...attempts] } : m;
    } catch (error) {
      attempts.push({ keyring: c.keyring, keyId: c.keyId, ...(c.region ? { region: c.region } : {}), error, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  throw new NoKeyDecryptedError(attempts);
}
