/**
 * How a KMS call's failure counts for its region's health. The health itself ({@link RegionHealth})
 * lives in core, where every regional keyring finds it; it is re-exported here under its old name.
 */
import type { CallOutcome } from '@envelope/core';

export { RegionHealth } from '@envelope/core';
export type { RegionHealthOptions, RegionStats, BreakerState } from '@envelope/core';

/** Whether an error from a KMS call says the region is unhealthy (rather than a refusal about the key). */
export function isRegionFailure(err: unknown): boolean {
  return outcomeOf(err) !== 'ok';
}

/** How a failed KMS call counts for its region: throttled, failed (no useful answer), or ok (a refusal about the key). */
export function outcomeOf(err: unknown): CallOutcome {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  if (!e) return 'failed';
  if (e.name === 'ThrottlingException' || e.name === 'TooManyRequestsException' || e.$metadata?.httpStatusCode === 429) return 'throttled';
  if (e.name === 'KMSInternalException' || e.name === 'TimeoutError' || e.name === 'AbortError') return 'failed';
  const status = e.$metadata?.httpStatusCode;
  if (status === undefined) return 'failed'; // no HTTP answer: network failure, dropped connection
  return status >= 500 ? 'failed' : 'ok';
}
