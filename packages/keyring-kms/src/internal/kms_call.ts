/**
 * One KMS call: a deadline (retries included), region health recorded once per call, and retries
 * only when no other region could answer instead (so a dead endpoint costs one request when the
 * runner has somewhere else to go). Errors become KmsCallError, which says how the region fared.
 */
import type { KMSClient } from '@aws-sdk/client-kms';
import type { Availability, CallOutcome } from '@envelope/core';
import { KmsRequestError } from '../errors.js';
import { traceKmsCall, type KmsCallOutcome, type KmsFailureClassifier } from '../kms_telemetry.js';
import { loadKmsSdk, type KmsSdk } from '../aws_sdk.js';
import type { KmsClientPool } from '../client_pool.js';
import { outcomeOf } from '../region_health.js';

/** A failed KMS call, with what it said about its region. */
export class KmsCallError extends KmsRequestError {
  /** `failed` (no useful answer), `throttled`, or `ok` (KMS answered: a refusal about the key). */
  readonly outcome: CallOutcome | 'cancelled';
  constructor(message: string, details: { keyId: string; region: string; operation: string }, outcome: CallOutcome | 'cancelled', cause: unknown) {
    super(message, details, { cause });
    this.outcome = outcome;
  }
}

/** What every call of one keyring shares. */
export interface CallSettings {
  readonly pool: KmsClientPool;
  readonly health: Availability;
  readonly timeoutMs: number;
  /** Attempts per call when no alternative exists. */
  readonly maxAttempts: number;
}

/** Per-call options. */
export interface CallOptions {
  readonly signal?: AbortSignal | undefined;
  /** Another candidate could answer instead: no retries within this call. */
  readonly alternatives?: boolean | undefined;
  /** Called once, when the first request goes out (the SDK and the client are ready). */
  readonly onStarted?: (() => void) | undefined;
}

type Run<T> = (client: KMSClient, signal: AbortSignal, sdk: KmsSdk) => Promise<T>;

/** Runs `run` against `region`'s client within the deadline, retrying per {@link CallOptions}. */
export async function kmsCall<T>(s: CallSettings, region: string, operation: string, keyId: string, run: Run<T>, o: CallOptions = {}): Promise<T> {
  // The deadline is the region's: loading the SDK (once per process, and slow on a busy machine)
  // counted against the first call made a cold process time out on its local region. A failed load
  // fails again below, where it is reported.
  await loadKmsSdk().catch(() => undefined);
  const deadline = AbortSignal.timeout(s.timeoutMs);
  const signal = o.signal ? AbortSignal.any([deadline, o.signal]) : deadline;
  const tries = o.alternatives ? 1 : Math.max(1, s.maxAttempts);
  let t0 = performance.now();
  const call = { service: 'KMS', method: operation, region, keyId } as const;
  const classify: KmsFailureClassifier = (cause) =>
    o.signal?.aborted === true && !deadline.aborted ? { outcome: 'cancelled', errorType: 'AbortError' }
    : deadline.aborted ? { outcome: 'timeout', errorType: 'TimeoutError' }
    : { outcome: KMS_OUTCOME[outcomeOf(cause)], errorType: errorName(cause) };
  for (let i = 0; ; i++) {
    try {
      const client = await s.pool.client(region);
      const sdk = await loadKmsSdk();
      if (i === 0) {
        // Latency (and the hedge clock) count from here: loading the SDK is not the region's doing.
        t0 = performance.now();
        o.onStarted?.();
      }
      // One span, one duration point, one --verbose line per SDK command: each retry is its own.
      const r = await traceKmsCall(call, () => run(client, signal, sdk), classify);
      s.health.record(region, 'ok', performance.now() - t0);
      return r;
    } catch (cause) {
      const cancelled = o.signal?.aborted === true && !deadline.aborted;
      const outcome: CallOutcome = deadline.aborted ? 'failed' : outcomeOf(cause);
      if (!cancelled && outcome !== 'ok' && i + 1 < tries && (await pause(backoffMs(i, outcome), signal))) continue;
      if (!cancelled) s.health.record(region, deadline.aborted ? 'failed' : outcome, performance.now() - t0);
      const why = deadline.aborted ? `no answer within ${s.timeoutMs} ms` : cancelled ? 'cancelled' : `${(cause as Error)?.name ?? 'Error'}: ${(cause as Error)?.message ?? String(cause)}`;
      throw new KmsCallError(`${operation} with ${keyId} in ${region} failed: ${why}`, { keyId, region, operation }, cancelled ? 'cancelled' : outcome, cause);
    }
  }
}

/** How a failed call's region outcome reads in telemetry. */
const KMS_OUTCOME: Readonly<Record<CallOutcome, Exclude<KmsCallOutcome, 'ok'>>> = { ok: 'refused', failed: 'unavailable', throttled: 'throttled', slow: 'unavailable' };

/** The SDK exception name (ThrottlingException, NotFoundException, …) or the error's class name. */
export function errorName(cause: unknown): string {
  const name = (cause as { name?: unknown } | null)?.name;
  return typeof name === 'string' && name.length > 0 ? name : 'Error';
}

function backoffMs(attempt: number, outcome: CallOutcome): number {
  const base = outcome === 'throttled' ? 100 * 2 ** attempt : 50;
  return base + Math.random() * base;
}

/** Waits `ms`; false if `signal` aborted first. */
function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ok: boolean): void => {
      clearTimeout(t);
      signal.removeEventListener('abort', onAbort);
      resolve(ok);
    };
    const onAbort = (): void => done(false);
    const t = setTimeout(() => done(true), ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
