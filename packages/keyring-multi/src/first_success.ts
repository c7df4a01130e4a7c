/**
 * Runs a decrypt plan: candidates one after another (or hedged: the next starts when the current
 * has not answered within a delay); the first success wins and aborts the rest. KMS candidates of
 * a region whose circuit breaker is open are skipped, and tried only as a last resort, after
 * everything else failed, and only if no call to that region failed during this run.
 */
import type { DecryptCandidate, DecryptionMaterials, KeyAttempt } from '@envelope/core';
import type { RegionHealth } from '@envelope/keyring-kms';

/** Thrown by a candidate that turned out not to apply (a non-plannable child with no matching EDK). */
export class NotApplicable extends Error {}

export interface RunOptions {
  readonly health: RegionHealth;
  readonly signal?: AbortSignal | undefined;
  /** Hedging delay for a candidate, or undefined to wait for it. */
  readonly hedgeDelay: (c: DecryptCandidate) => number | undefined;
}

export function firstSuccess(
  plan: readonly DecryptCandidate[],
  materials: DecryptionMaterials,
  o: RunOptions,
): Promise<{ materials: DecryptionMaterials; attempts: KeyAttempt[] }> {
  return new Promise((resolve, reject) => {
    const attempts: KeyAttempt[] = [];
    const queue = [...plan];
    const lastResort: DecryptCandidate[] = [];
    const controllers = new Set<AbortController>();
    let inflight = 0;
    let done = false;
    let usingLastResort = false;
    let timer: NodeJS.Timeout | undefined;

    const finish = (err?: unknown, m?: DecryptionMaterials): void => {
      done = true;
      clearTimeout(timer);
      for (const c of controllers) c.abort();
      if (m) resolve({ materials: m, attempts });
      else reject(err ?? attempts);
    };
    const record = (c: DecryptCandidate, error: unknown, reason: string): void => {
      attempts.push({ keyring: c.keyring, keyId: c.keyId, ...(c.region ? { region: c.region } : {}), error, reason });
    };
    const nextCandidate = (): DecryptCandidate | undefined => {
      for (;;) {
        let c = queue.shift();
        if (!c && !usingLastResort) {
          usingLastResort = true;
          queue.push(...lastResort.filter((x) => !attempts.some((a) => a.region === x.region && a.error !== undefined)));
          c = queue.shift();
        }
        if (!c) return undefined;
        if (!usingLastResort && c.kind === 'kms' && c.region && !o.health.canCall(c.region)) {
          lastResort.push(c);
          record(c, undefined, `skipped: circuit breaker of ${c.region} is open`);
          continue;
        }
        return c;
      }
    };
    const launch = (): void => {
      clearTimeout(timer);
      if (done) return;
      if (o.signal?.aborted) return finish(o.signal.reason);
      const c = nextCandidate();
      if (!c) {
        if (inflight === 0) finish();
        return;
      }
      inflight++;
      const ac = new AbortController();
      controllers.add(ac);
      const onAbort = (): void => ac.abort(o.signal?.reason);
      o.signal?.addEventListener('abort', onAbort, { once: true });
      c.attempt(materials, { signal: ac.signal }).then(
        (m) => {
          inflight--;
          controllers.delete(ac);
          o.signal?.removeEventListener('abort', onAbort);
          if (done || !m.plaintextDataKey) {
            m.plaintextDataKey?.fill(0);
            if (!done && !m.plaintextDataKey) launch();
            return;
          }
          finish(undefined, m);
        },
        (error: unknown) => {
          inflight--;
          controllers.delete(ac);
          o.signal?.removeEventListener('abort', onAbort);
          if (done) return;
          if (!(error instanceof NotApplicable)) record(c, error, (error as Error)?.message ?? String(error));
          launch();
        },
      );
      const d = o.hedgeDelay(c);
      if (d !== undefined) timer = setTimeout(launch, d);
    };
    launch();
  });
}
