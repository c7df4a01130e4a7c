/**
 * The one decrypt runner: tries a keyring's (or a multi keyring's) candidates in the planned order
 * (see decrypt_plan.ts) until one opens an EDK.
 *
 * - Hedging: when a regional candidate has not answered within its hedge delay (the region's
 *   adaptive delay, a fixed delay, or never), the next regional candidate starts too; the first
 *   success wins and every call still in flight is aborted through its AbortSignal. Local (raw,
 *   escrow) and other candidates are never started by a hedge timer: only when everything before
 *   them failed, so escrow is reached after about one KMS deadline when every region stalls.
 * - Breakers: a regional candidate whose region may not be called now (open breaker) is skipped and
 *   kept as a last resort, tried only after everything else failed and only if no call to that
 *   region failed during this run.
 * - Attempts: every failure (and skip) is an attempt; if nothing opens the message the run throws
 *   NoKeyDecryptedError with all of them. A candidate that answers {@link NOT_MINE} is not an attempt.
 */
import { AbortedError, NoKeyDecryptedError } from './errors.js';
import { NOT_MINE } from './materials.js';
import { planDecrypt } from './decrypt_plan.js';
/**
 * Runs the decrypt plan over `candidates`. Resolves with materials holding the data key (and the
 * attempts that failed before it), or with `materials` unchanged when no candidate applied; throws
 * NoKeyDecryptedError listing every attempt when candidates were tried and none opened an EDK.
 */
export function runDecrypt(materials, candidates, options = {}) {
    if (materials.plaintextDataKey !== undefined)
        return Promise.resolve(materials);
    const plan = planDecrypt(candidates, options.availability, options.localRegion);
    if (plan.length === 0)
        return Promise.resolve(materials);
    return new Promise((resolve, reject) => new Run(materials, plan, options, resolve, reject).start());
}
class Run {
    materials;
    o;
    resolve;
    reject;
    queue;
    lastResort = [];
    attempts = [];
    inflight = new Map();
    failedRegions = new Set();
    usingLastResort = false;
    done = false;
    timer;
    onOuterAbort = () => this.finish({ error: new AbortedError(undefined, { cause: this.o.signal?.reason }) });
    constructor(materials, plan, o, resolve, reject) {
        this.materials = materials;
        this.o = o;
        this.resolve = resolve;
        this.reject = reject;
        this.queue = [...plan];
    }
    start() {
        if (this.o.signal?.aborted)
            return this.onOuterAbort();
        this.o.signal?.addEventListener('abort', this.onOuterAbort, { once: true });
        this.launch(false);
    }
    finish(r) {
        if (this.done)
            return;
        this.done = true;
        clearTimeout(this.timer);
        this.o.signal?.removeEventListener('abort', this.onOuterAbort);
        if (r.materials)
            this.abandonLosers(r.materials);
        for (const ac of this.inflight.keys())
            ac.abort();
        this.inflight.clear();
        const prior = this.materials.attempts ?? [];
        if (r.materials)
            resolve(this.resolve, r.materials, prior, this.attempts);
        else if ('error' in r)
            this.reject(r.error);
        else if (this.attempts.length === 0)
            this.resolve(this.materials);
        else
            this.reject(new NoKeyDecryptedError([...prior, ...this.attempts]));
    }
    record(c, error, reason) {
        this.attempts.push({ keyring: c.keyring, keyId: c.keyId, ...(c.region ? { region: c.region } : {}), error, reason });
    }
    /**
     * The next candidate to start, or undefined. A regional candidate whose region has a call in
     * flight waits (another call there would stall the same way); a hedge only starts regional ones.
     */
    next(hedge) {
        for (;;) {
            if (this.queue.length === 0 && !this.usingLastResort) {
                this.usingLastResort = true;
                this.queue.push(...this.lastResort.filter((x) => !this.failedRegions.has(x.region)));
            }
            const busy = new Set([...this.inflight.values()].map((x) => x.c.region));
            const i = this.queue.findIndex((c) => (c.kind === 'kms' ? !busy.has(c.region) : !hedge));
            const c = i < 0 ? undefined : this.queue.splice(i, 1)[0];
            if (!c)
                return undefined;
            const region = c.kind === 'kms' ? c.region : undefined;
            if (region !== undefined && !this.usingLastResort && this.o.availability && !this.o.availability.canTry(region)) {
                this.lastResort.push(c);
                // One entry per region is enough: a failure here already explains the others.
                if (!this.attempts.some((a) => a.region === region))
                    this.record(c, undefined, `skipped: circuit breaker of ${region} is open`);
                continue;
            }
            return c;
        }
    }
    launch(hedge) {
        if (this.done)
            return;
        if (!hedge)
            clearTimeout(this.timer);
        const slow = hedge ? [...this.inflight.values()].at(-1)?.c : undefined;
        const c = this.next(hedge);
        if (!c) {
            if (this.inflight.size === 0)
                this.finish({});
            return;
        }
        clearTimeout(this.timer);
        if (hedge)
            this.o.availability?.events?.emit({ type: 'hedge', keyId: c.keyId, ...(c.region ? { region: c.region } : {}), ...(slow?.region ? { slowRegion: slow.region } : {}), afterMs: (slow && this.hedgeDelay(slow)) ?? 0 });
        this.call(c);
    }
    call(c) {
        // Escrow is not an alternative worth skipping a retry for: using it is an event people page on.
        const others = [...this.queue, ...this.lastResort, ...[...this.inflight.values()].map((x) => x.c)];
        const alternatives = others.some((x) => x.kind === c.kind);
        const ac = new AbortController();
        const entry = { c, t0: performance.now() };
        this.inflight.set(ac, entry);
        const d = this.hedgeDelay(c);
        // The hedge delay counts from when the remote call goes out: a candidate that says when (after
        // loading an SDK, say) starts the clock then; any other from now.
        const startClock = () => {
            if (this.done || !this.inflight.has(ac) || d === undefined)
                return;
            entry.t0 = performance.now();
            clearTimeout(this.timer);
            this.timer = setTimeout(() => this.launch(true), d);
        };
        let out;
        try {
            out = c.attempt(this.materials, { signal: ac.signal, alternatives, ...(c.reportsStart ? { onStarted: startClock } : {}) });
        }
        catch (error) {
            out = Promise.reject(error);
        }
        out.then((m) => this.settled(ac, c, m), (error) => this.settled(ac, c, undefined, error));
        if (!c.reportsStart)
            startClock();
    }
    settled(ac, c, m, error) {
        this.inflight.delete(ac);
        const opened = m !== undefined && m !== NOT_MINE && m.plaintextDataKey !== undefined;
        if (this.done) {
            if (opened)
                m.plaintextDataKey.fill(0); // a loser that answered after the winner
            return;
        }
        if (opened)
            return this.finish({ materials: m });
        if (m === undefined) {
            if (c.region !== undefined)
                this.failedRegions.add(c.region);
            this.record(c, error, error instanceof Error ? error.message : String(error));
        }
        this.launch(false);
    }
    /**
     * Calls still in flight when another candidate won are listed as attempts; a regional one that had
     * outlived its hedge delay is reported to the availability as slow (it did not answer while
     * another region did), which demotes the region for a while without opening its breaker.
     */
    abandonLosers(winner) {
        const by = winner.decryptedBy?.keyId ?? 'another key';
        for (const { c, t0 } of this.inflight.values()) {
            const elapsed = performance.now() - t0;
            this.record(c, undefined, `cancelled: ${by} opened the message first (after ${Math.round(elapsed)} ms)`);
            const d = this.hedgeDelay(c);
            if (c.region !== undefined && d !== undefined && elapsed >= d)
                this.o.availability?.record(c.region, 'slow', elapsed);
        }
    }
    hedgeDelay(c) {
        const h = this.o.hedging ?? 'adaptive';
        if (h === 'off' || c.kind !== 'kms')
            return undefined;
        if (typeof h === 'number')
            return h;
        return c.region !== undefined && this.o.availability ? this.o.availability.hedgeDelay(c.region) : undefined;
    }
}
function resolve(done, m, prior, attempts) {
    done(attempts.length ? { ...m, attempts: [...prior, ...attempts] } : m);
}
//# sourceMappingURL=decrypt_runner.js.map