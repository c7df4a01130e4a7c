/**
 * The one decrypt runner: tries a keyring's (or a multi keyring's) candidates in the planned order
 * (see decrypt_plan.ts) until one opens an EDK.
 *
 * - Hedging: when a remote candidate has not answered within its hedge delay (the region's
 *   adaptive delay, a fixed delay, or never), the next remote candidate starts too; the first
 *   success wins and every call still in flight is aborted through its AbortSignal. Local (raw,
 *   escrow) and other candidates are never started by a hedge timer: only when everything before
 *   them failed, so escrow is reached after about one call deadline when every location stalls.
 * - Breakers: a remote candidate whose location may not be called now (open breaker) is skipped and
 *   kept as a last resort, tried only after everything else failed and only if no call to that
 *   region failed during this run.
 * - Attempts: every failure (and skip) is an attempt; if nothing opens the message the run throws
 *   NoKeyDecryptedError with all of them. A candidate that answers {@link NOT_MINE} is not an attempt.
 */
import { AbortedError, NoKeyDecryptedError, type KeyAttempt } from './errors.js';
import { NOT_MINE, type DecryptCandidate, type DecryptionMaterials, type NotMine } from './materials.js';
import type { Availability, HedgingPolicy } from './availability.js';
import { isRemote, planDecrypt } from './decrypt_plan.js';

/** Options of {@link runDecrypt}. */
export interface DecryptRunOptions {
  /** Location order, breakers and adaptive hedge delays (a `RegionHealth`). */
  readonly availability?: Availability | undefined;
  /** The location (region) tried first. */
  readonly localRegion?: string | undefined;
  /** When to start the next remote candidate while one is in flight (default `'adaptive'`). */
  readonly hedging?: HedgingPolicy | undefined;
  /** Aborts the run and every call in flight. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Runs the decrypt plan over `candidates`. Resolves with materials holding the data key (and the
 * attempts that failed before it), or with `materials` unchanged when no candidate applied; throws
 * NoKeyDecryptedError listing every attempt when candidates were tried and none opened an EDK.
 */
export function runDecrypt(
  materials: DecryptionMaterials,
  candidates: readonly DecryptCandidate[],
  options: DecryptRunOptions = {},
): Promise<DecryptionMaterials> {
  if (materials.plaintextDataKey !== undefined) return Promise.resolve(materials);
  const plan = planDecrypt(candidates, options.availability, options.localRegion);
  if (plan.length === 0) return Promise.resolve(materials);
  return new Promise((resolve, reject) => new Run(materials, plan, options, resolve, reject).start());
}

class Run {
  private readonly queue: DecryptCandidate[];
  private readonly lastResort: DecryptCandidate[] = [];
  private readonly attempts: KeyAttempt[] = [];
  private readonly inflight = new Map<AbortController, { c: DecryptCandidate; t0: number }>();
  private readonly failedLocations = new Set<string>();
  private usingLastResort = false;
  private done = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly onOuterAbort = (): void => this.finish({ error: new AbortedError(undefined, { cause: this.o.signal?.reason }) });

  constructor(
    private readonly materials: DecryptionMaterials,
    plan: readonly DecryptCandidate[],
    private readonly o: DecryptRunOptions,
    private readonly resolve: (m: DecryptionMaterials) => void,
    private readonly reject: (e: unknown) => void,
  ) {
    this.queue = [...plan];
  }

  start(): void {
    if (this.o.signal?.aborted) return this.onOuterAbort();
    this.o.signal?.addEventListener('abort', this.onOuterAbort, { once: true });
    this.launch(false);
  }

  private finish(r: { error?: unknown; materials?: DecryptionMaterials }): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.timer);
    this.o.signal?.removeEventListener('abort', this.onOuterAbort);
    if (r.materials) this.abandonLosers(r.materials);
    for (const ac of this.inflight.keys()) ac.abort();
    this.inflight.clear();
    const prior = this.materials.attempts ?? [];
    if (r.materials) resolve(this.resolve, r.materials, prior, this.attempts);
    else if ('error' in r) this.reject(r.error);
    else if (this.attempts.length === 0) this.resolve(this.materials);
    else this.reject(new NoKeyDecryptedError([...prior, ...this.attempts]));
  }

  private record(c: DecryptCandidate, error: unknown, reason: string): void {
    this.attempts.push({ keyring: c.keyring, keyId: c.keyId, ...(c.region ? { region: c.region } : {}), error, reason });
  }

  /**
   * The next candidate to start, or undefined. A regional candidate whose region has a call in
   * flight waits (another call there would stall the same way); a hedge only starts regional ones.
   */
  private next(hedge: boolean): DecryptCandidate | undefined {
    for (;;) {
      if (this.queue.length === 0 && !this.usingLastResort) {
        this.usingLastResort = true;
        this.queue.push(...this.lastResort.filter((x) => !this.failedLocations.has(x.region!)));
      }
      const busy = new Set([...this.inflight.values()].map((x) => x.c.region));
      const i = this.queue.findIndex((c) => (isRemote(c) ? !busy.has(c.region) : !hedge));
      const c = i < 0 ? undefined : this.queue.splice(i, 1)[0];
      if (!c) return undefined;
      const region = isRemote(c) ? c.region : undefined;
      if (region !== undefined && !this.usingLastResort && this.o.availability && !this.o.availability.canTry(region)) {
        this.lastResort.push(c);
        // One entry per region is enough: a failure here already explains the others.
        if (!this.attempts.some((a) => a.region === region)) this.record(c, undefined, `skipped: circuit breaker of ${region} is open`);
        continue;
      }
      return c;
    }
  }

  private launch(hedge: boolean): void {
    if (this.done) return;
    if (!hedge) clearTimeout(this.timer);
    const slow = hedge ? [...this.inflight.values()].at(-1)?.c : undefined;
    const c = this.next(hedge);
    if (!c) {
      if (this.inflight.size === 0) this.finish({});
      return;
    }
    clearTimeout(this.timer);
    if (hedge) this.o.availability?.events?.emit({ type: 'hedge', keyId: c.keyId, ...(c.region ? { region: c.region } : {}), ...(slow?.region ? { slowRegion: slow.region } : {}), afterMs: (slow && this.hedgeDelay(slow)) ?? 0 });
    this.call(c);
  }

  private call(c: DecryptCandidate): void {
    // Escrow is not an alternative worth skipping a retry for: using it is an event people page on.
    const others = [...this.queue, ...this.lastResort, ...[...this.inflight.values()].map((x) => x.c)];
    const alternatives = others.some((x) => (isRemote(c) ? isRemote(x) : x.kind === c.kind));
    const ac = new AbortController();
    const entry = { c, t0: performance.now() };
    this.inflight.set(ac, entry);
    const d = this.hedgeDelay(c);
    // The hedge delay counts from when the remote call goes out: a candidate that says when (after
    // loading an SDK, say) starts the clock then; any other from now.
    const startClock = (): void => {
      if (this.done || !this.inflight.has(ac) || d === undefined) return;
      entry.t0 = performance.now();
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.launch(true), d);
    };
    let out: Promise<DecryptionMaterials | NotMine>;
    try {
      out = c.attempt(this.materials, { signal: ac.signal, alternatives, ...(c.reportsStart ? { onStarted: startClock } : {}) });
    } catch (error) {
      out = Promise.reject(error);
    }
    out.then(
      (m) => this.settled(ac, c, m),
      (error: unknown) => this.settled(ac, c, undefined, error),
    );
    if (!c.reportsStart) startClock();
  }

  private settled(ac: AbortController, c: DecryptCandidate, m: DecryptionMaterials | NotMine | undefined, error?: unknown): void {
    this.inflight.delete(ac);
    const opened = m !== undefined && m !== NOT_MINE && m.plaintextDataKey !== undefined;
    if (this.done) {
      if (opened) m.plaintextDataKey!.fill(0); // a loser that answered after the winner
      return;
    }
    if (opened) return this.finish({ materials: m });
    if (m === undefined) {
      if (c.region !== undefined) this.failedLocations.add(c.region);
      this.record(c, error, error instanceof Error ? error.message : String(error));
    }
    this.launch(false);
  }

  /**
   * Calls still in flight when another candidate won are listed as attempts; a regional one that had
   * outlived its hedge delay is reported to the availability as slow (it did not answer while
   * another region did), which demotes the region for a while without opening its breaker.
   */
  private abandonLosers(winner: DecryptionMaterials): void {
    const by = winner.decryptedBy?.keyId ?? 'another key';
    for (const { c, t0 } of this.inflight.values()) {
      const elapsed = performance.now() - t0;
      this.record(c, undefined, `cancelled: ${by} opened the message first (after ${Math.round(elapsed)} ms)`);
      const d = this.hedgeDelay(c);
      if (c.region !== undefined && d !== undefined && elapsed >= d) this.o.availability?.record(c.region, 'slow', elapsed);
    }
  }

  private hedgeDelay(c: DecryptCandidate): number | undefined {
    const h = this.o.hedging ?? 'adaptive';
    if (h === 'off' || !isRemote(c)) return undefined;
    if (typeof h === 'number') return h;
    return c.region !== undefined && this.o.availability ? this.o.availability.hedgeDelay(c.region) : undefined;
  }
}

function resolve(done: (m: DecryptionMaterials) => void, m: DecryptionMaterials, prior: readonly KeyAttempt[], attempts: readonly KeyAttempt[]): void {
  done(attempts.length ? { ...m, attempts: [...prior, ...attempts] } : m);
}
