/**
 * Keys a keyring skipped under its `minKeys` (a region down while encrypting or rewrapping): never
 * silent. Each is named with its region on stderr, and listed in `--json`.
 */
import type { KeyAttempt } from '@envelope/core';
import { printSafe } from './terminal_text.js';

/** A skipped key as `--json` lists it. */
export interface SkippedKey {
  keyring: string;
  keyId: string;
  region?: string;
  reason?: string;
}

export function skippedKey(a: KeyAttempt): SkippedKey {
  const reason = a.reason ?? (a.error instanceof Error ? a.error.message : undefined);
  return { keyring: a.keyring, keyId: a.keyId, ...(a.region ? { region: a.region } : {}), ...(reason ? { reason } : {}) };
}

/** One stderr line per skipped key of the message written for `what`. */
export function warnSkipped(keys: readonly SkippedKey[], what: string): void {
  for (const k of keys) {
    const where = k.region ? ` in ${k.region}` : '';
    process.stderr.write(`envelope: warning: ${printSafe(what)} lacks key ${printSafe(k.keyId)}${printSafe(where)} (skipped: ${printSafe(k.reason ?? 'unavailable')}); rewrap it under the same config once the key is reachable\n`);
  }
}
