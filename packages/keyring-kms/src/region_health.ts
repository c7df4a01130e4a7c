/**
 * Per-region health of KMS calls: outcomes and latencies, a circuit breaker per region, and the
 * order in which regions should be tried. Shared by every KMS keyring (and the multi keyring) of
 * one configuration, so a dead region found by one call is skipped by the next.
 */

export interface RegionHealthOptions {
  /** Consecutive failures that open a region's breaker (default 1). */
  readonly failureThreshold?: number;
  /** How long an open breaker stays open before one trial call may go through (default 30 s). */
  readonly coolDownMs?: number;
  /** Clock, for tests. */
  readonly now?: () => number;
}

/** State of a region's circuit breaker. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** What {@link RegionHealth.stats} reports for a region. */
export interface RegionStats {
  /** Calls recorded. */
  readonly calls: number;
  /** Failed calls recorded. */
  readonly failures: number;
  /** Failures since the last success. */
  readonly consecutiveFailures: number;
  /** p95 latency of recent successful calls, ms. */
  readonly p95Ms?: number;
  /** The breaker's state now. */
  readonly state: BreakerState;
}

interface Entry {
  calls: number;
  failures: number;
  consecutive: number;
  latencies: number[];
  openedAt: number | undefined;
  trialInFlight: boolean;
}

const WINDOW = 64;

/** Records call outcomes per region and answers which regions to call, in which order. */
export class RegionHealth {
  private readonly entries = new Map<string, Entry>();
  private readonly threshold: number;
  private readonly coolDownMs: number;
  private readonly now: () => number;

  constructor(options: RegionHealthOptions = {}) {
    this.threshold = Math.max(1, options.failureThreshold ?? 1);
    this.coolDownMs = options.coolDownMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  private entry(region: string): Entry {
    let e = this.entries.get(region);
    if (!e) this.entries.set(region, (e = { calls: 0, failures: 0, consecutive: 0, latencies: [], openedAt: undefined, trialInFlight: false }));
    return e;
  }

  /** Records one call: `ok` false for a failure of the region (network, timeout, 5xx, throttling). */
  record(region: string, ok: boolean, latencyMs: number): void {
    const e = this.entry(region);
    e.calls++;
    e.trialInFlight = false;
    if (ok) {
      e.consecutive = 0;
      e.openedAt = undefined;
      e.latencies.push(latencyMs);
      if (e.latencies.length > WINDOW) e.latencies.shift();
    } else {
      e.failures++;
      e.consecutive++;
      if (e.consecutive >= this.threshold) e.openedAt = this.now();
    }
  }

  /** The breaker state of `region` now. */
  state(region: string): BreakerState {
    const e = this.entries.get(region);
    if (!e || e.openedAt === undefined) return 'closed';
    return this.now() - e.openedAt >= this.coolDownMs ? 'half-open' : 'open';
  }

  /**
   * Whether a call to `region` may go out now: always when closed; never while open; once after
   * the cool-down (the half-open trial), until that trial's outcome is recorded.
   */
  canCall(region: string): boolean {
    const s = this.state(region);
    if (s === 'closed') return true;
    if (s === 'open') return false;
    const e = this.entry(region);
    if (e.trialInFlight) return false;
    e.trialInFlight = true;
    return true;
  }

  /** p95 of recent successful call latencies, ms. */
  p95(region: string): number | undefined {
    const l = this.entries.get(region)?.latencies;
    if (!l || l.length === 0) return undefined;
    const sorted = [...l].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))];
  }

  /** Counters, latency and breaker state of `region`. */
  stats(region: string): RegionStats {
    const e = this.entries.get(region);
    const p95 = this.p95(region);
    return { calls: e?.calls ?? 0, failures: e?.failures ?? 0, consecutiveFailures: e?.consecutive ?? 0, state: this.state(region), ...(p95 !== undefined ? { p95Ms: p95 } : {}) };
  }

  /**
   * Regions in the order to try them: healthy before failing before half-open before open; among
   * equals the local region first, then lower p95 (unknown counts as fast); otherwise the given order.
   */
  order(regions: readonly string[], localRegion?: string): string[] {
    const rank = (r: string): number => {
      const s = this.state(r);
      if (s === 'open') return 3;
      if (s === 'half-open') return 2;
      return (this.entries.get(r)?.consecutive ?? 0) > 0 ? 1 : 0;
    };
    return regions
      .map((r, i) => ({ r, i, rank: rank(r), local: r === localRegion ? 0 : 1, p95: this.p95(r) ?? 0 }))
      .sort((a, b) => a.rank - b.rank || a.local - b.local || a.p95 - b.p95 || a.i - b.i)
      .map((x) => x.r);
  }
}

/** Whether an error from a KMS call says the region is unhealthy (rather than a refusal about the key). */
export function isRegionFailure(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown } | undefined;
  if (!e) return true;
  if (e.name === 'ThrottlingException' || e.name === 'KMSInternalException' || e.name === 'TimeoutError' || e.name === 'AbortError') return true;
  const status = e.$metadata?.httpStatusCode;
  if (status === undefined) return true; // no HTTP answer: network failure, dropped connection
  return status >= 500 || status === 429;
}
