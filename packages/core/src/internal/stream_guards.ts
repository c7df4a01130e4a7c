/** What every Transform of core checks besides the format: the caller's signal and declared length. */
import type { Transform } from 'node:stream';
import { AbortedError, ConfigError, LimitExceededError, needs } from '../errors.js';

/** Destroys `t` with AbortedError when `signal` fires (at once if it already has). */
export function destroyOnAbort(t: Transform, signal: AbortSignal | undefined): void {
  if (!signal) return;
  const onAbort = (): void => {
    t.destroy(new AbortedError(undefined, { cause: signal.reason }));
  };
  if (signal.aborted) {
    queueMicrotask(onAbort);
    return;
  }
  signal.addEventListener('abort', onAbort, { once: true });
  t.once('close', () => signal.removeEventListener('abort', onAbort));
}

/** Counts plaintext bytes against a declared `plaintextLength` (no-op when none was declared). */
export function lengthGuard(declared: number | undefined): { add(n: number): void; end(): void } {
  if (declared === undefined) return { add() {}, end() {} };
  needs(Number.isSafeInteger(declared) && declared >= 0, ConfigError, `plaintextLength must be a non-negative integer, got ${String(declared)}`);
  let seen = 0;
  return {
    add(n) {
      seen += n;
      needs(seen <= declared, LimitExceededError, `more plaintext than the declared plaintextLength (${declared})`);
    },
    end() {
      needs(seen === declared, LimitExceededError, `plaintext ended at ${seen} bytes, not the declared plaintextLength (${declared})`);
    },
  };
}
