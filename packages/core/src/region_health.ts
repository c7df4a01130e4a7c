/**
 * Per-region health of remote calls: outcomes and latencies, a circuit breaker per region, short
 * back-offs for throttled and slow regions, adaptive hedge delays, and the order in which regions
 * should be tried. The {@link Availability} every regional keyring uses (KMS keyrings, branch key
 * stores); shared by the keyrings of one configuration, so a dead region found by one call is
 * skipped by the next.
 */
import type { Availability, BreakerState, CallOutcome } from './availability.js';
import { AvailabilityEvents } from './availability_events.js';
import { serviceKey } from './services.js';

/** Options of {@link RegionHealth}. */
export interface RegionHealthOptions {
  /** Consecutive failures (connection failures, timeouts, 5xx) that open a region's breaker (default 1). */
  readonly failureThreshold?: number;
  /** How long an open breaker stays open before one trial call may go through (default 30 s). */
  readonly coolDownMs?: number;
  /** Adaptive hedge delay: at least this many ms (default 200). */
  readonly hedgeFloorMs?: number;
  /** Adaptive hedge delay: at most this many ms (default 1000). */
  readonly hedgeCeilingMs?: number;
  /** Hedge delay of a region with no latency history yet, e.g. a cold start (default 300 ms). */
  readonly hedgeColdMs?: number;
  /**
   * Back-off of a region throttled twice in a row, doubled per further consecutive throttle up to
   * 5 s (default 100 ms). A single throttled call backs nothing off: that call moves elsewhere.
   */
  readonly throttleBackoffMs?: number;
  /** How long a region that was abandoned as too slow is ordered after the others (default 5 s). */
  readonly slowBackoffMs?: number;
  /** How long a half-open trial may go unanswered (e.g. cancelled) before another may go out (default 10 s). */
  readonly trialTimeoutMs?: number;
  /** Clock, for tests. */
  readonly now?: () => number;
}

/** What {@link RegionHealth.stats} reports for a region. */
export interface RegionStats {
  /** Calls recorded. */
  readonly calls: number;
  /** Failed calls recorded (throttled and slow calls are not failures). */
  readonly failures: number;
  /** Failures since the last success. */
  readonly consecutiveFailures: number;
  /** Throttled calls recorded. */
  readonly throttled: number;
  /** p95 latency of recent successful calls, ms. */
  readonly p95Ms?: number;
  /** The breaker's state now. */
  readonly state: BreakerState;
}

interface Entry {
  calls: number;
  failures: number;
  consecutive: number;
  throttled: number;
  consecutiveThrottles: number;
  latencies: number[];
  openedAt: number | undefined;
  /** When the half-open trial call went out (its outcome not recorded yet). */
  trialSince: number | undefined;
  /** Ordered after healthy regions until then (throttled or slow). */
  backoffUntil: number;
  lastState: BreakerState;
}

const WINDOW = 64;
const MAX_THROTTLE_BACKOFF_MS = 5000;

/** Records call outcomes per region and answers which regions to call, in which order. */
export class RegionHealth implements Availability {
  /** Breaker changes, hedges and throttling, for telemetry. */
  readonly events = new AvailabilityEvents();
  private readonly entries = new Map<string, Entry>();
  private readonly threshold: number;
  private readonly coolDownMs: number;
  private readonly o: RegionHealthOptions;
  private readonly now: () => number;

  constructor(options: RegionHealthOptions = {}) {
    this.o = options;
    this.threshold = Math.max(1, options.failureThreshold ?? 1);
    this.coolDownMs = options.coolDownMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  private entry(region: string): Entry {
    let e = this.entries.get(region);
    if (!e) {
      e = { calls: 0, failures: 0, consecutive: 0, throttled: 0, consecutiveThrottles: 0, latencies: [], openedAt: undefined, trialSince: undefined, backoffUntil: 0, lastState: 'closed' };
      this.entries.set(region, e);
    }
    return e;
  }

  /**
   * Records one call. `true`/`'ok'`: the region answered; `false`/`'failed'`: it did not (network,
   * timeout, 5xx), which counts toward its breaker; `'throttled'`: a short, growing back-off in the
   * order, never the breaker; `'slow'`: abandoned for a faster region, ordered later for a while.
   */
  record(region: string, outcome: CallOutcome | boolean, latencyMs: number): void {
    const o = outcome === true ? 'ok' : outcome === false ? 'failed' : outcome;
    const e = this.entry(region);
    e.calls++;
    e.trialSince = undefined;
    if (o === 'ok') {
      e.consecutive = 0;
      e.consecutiveThrottles = 0;
      e.openedAt = undefined;
      e.backoffUntil = 0;
      this.pushLatency(e, latencyMs);
    } else if (o === 'failed') {
      e.failures++;
      e.consecutive++;
      if (e.consecutive >= this.threshold) e.openedAt = this.now();
    } else if (o === 'throttled') {
      e.throttled++;
      e.consecutiveThrottles++;
      // One throttled call only moves that call elsewhere; a run of them backs the region off.
      const n = e.consecutiveThrottles - 1;
      const backoffMs = n === 0 ? 0 : Math.min(MAX_THROTTLE_BACKOFF_MS, (this.o.throttleBackoffMs ?? 100) * 2 ** (n - 1));
      e.backoffUntil = Math.max(e.backoffUntil, this.now() + backoffMs);
      this.events.emit({ type: 'throttled', region, backoffMs });
    } else {
      this.pushLatency(e, latencyMs);
      e.backoffUntil = Math.max(e.backoffUntil, this.now() + (this.o.slowBackoffMs ?? 5000));
    }
    this.state(region);
  }

  private pushLatency(e: Entry, ms: number): void {
    e.latencies.push(ms);
    if (e.latencies.length > WINDOW) e.latencies.shift();
  }

  /** The breaker state of `region` now (listeners hear of every change). */
  state(region: string): BreakerState {
    const e = this.entries.get(region);
    const s: BreakerState = !e || e.openedAt === undefined ? 'closed' : this.now() - e.openedAt >= this.coolDownMs ? 'half-open' : 'open';
    if (e && s !== e.lastState) {
      e.lastState = s;
      this.events.emit({ type: 'breaker', region, state: s });
    }
    return s;
  }

  /**
   * Whether a call to `region` may go out now: always when closed; never while open; once after
   * the cool-down (the half-open trial), until that trial's outcome is recorded.
   */
  canTry(region: string): boolean {
    const s = this.state(region);
    if (s === 'closed') return true;
    if (s === 'open') return false;
    const e = this.entry(region);
    // A trial whose outcome never came (the call was cancelled) stops blocking after a while.
    const now = this.now();
    if (e.trialSince !== undefined && now - e.trialSince < (this.o.trialTimeoutMs ?? 10_000)) return false;
    e.trialSince = now;
    return true;
  }

  /** Same as {@link RegionHealth.canTry}. */
  canCall(region: string): boolean {
    return this.canTry(region);
  }

  /** p95 of recent successful call latencies, ms. */
  p95(region: string): number | undefined {
    const l = this.entries.get(region)?.latencies;
    if (!l || l.length === 0) return undefined;
    const sorted = [...l].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))];
  }

  /**
   * How long to wait for `region` before hedging: twice its recent p95 latency, between
   * `hedgeFloorMs` (200) and `hedgeCeilingMs` (1000); `hedgeColdMs` (300) with no history yet.
   */
  hedgeDelay(region: string): number {
    const p95 = this.p95(region);
    if (p95 === undefined) return this.o.hedgeColdMs ?? 300;
    return Math.min(this.o.hedgeCeilingMs ?? 1000, Math.max(this.o.hedgeFloorMs ?? 200, 2 * p95));
  }

  /** Counters, latency and breaker state of `region`. */
  stats(region: string): RegionStats {
    const e = this.entries.get(region);
    const p95 = this.p95(region);
    return { calls: e?.calls ?? 0, failures: e?.failures ?? 0, consecutiveFailures: e?.consecutive ?? 0, throttled: e?.throttled ?? 0, state: this.state(region), ...(p95 !== undefined ? { p95Ms: p95 } : {}) };
  }

  /**
   * Regions in the order to try them: healthy before failing (or backed off) before half-open
   * before open; among equals the local region first, then lower p95 (unknown counts as fast);
   * otherwise the given order.
   */
  order(regions: readonly string[], localRegion?: string): string[] {
    const now = this.now();
    const rank = (r: string): number => {
      const s = this.state(r);
      if (s === 'open') return 3;
      if (s === 'half-open') return 2;
      const e = this.entries.get(r);
      return (e?.consecutive ?? 0) > 0 || (e?.backoffUntil ?? 0) > now ? 1 : 0;
    };
    return regions
      .map((r, i) => ({ r, i, rank: rank(r), local: r === localRegion ? 0 : 1, p95: this.p95(r) ?? 0 }))
      .sort((a, b) => a.rank - b.rank || a.local - b.local || a.p95 - b.p95 || a.i - b.i)
      .map((x) => x.r);
  }
}

/**
 * The region health shared by every regional keyring of one build (a registry container binding):
 * KMS keyrings, the multi keyring and branch key stores record into and order by the same one.
 */
export const REGION_HEALTH = serviceKey<RegionHealth>('core.regionHealth', () => new RegionHealth());
