// The one decrypt runner, with plain-object candidates and a plain-object availability (no network).
import { describe, expect, it } from 'vitest';
import {
  AbortedError,
  AvailabilityEvents,
  NOT_MINE,
  NoKeyDecryptedError,
  SUITES,
  runDecrypt,
  type Availability,
  type AvailabilityEvent,
  type CallOutcome,
  type DecryptCandidate,
  type DecryptionMaterials,
  type EncryptedDataKey,
} from '@envelope/core';

const suite = SUITES[0x0478];
const edk: EncryptedDataKey = { providerId: 'p', providerInfo: new Uint8Array(), ciphertext: new Uint8Array() };
const dm: DecryptionMaterials = { suite, encryptionContext: {} };

type Result = 'ok' | 'fail' | 'not-mine' | 'hang';

/** A candidate that logs start/end/abort and settles as told after `ms`. */
function cand(log: string[], id: string, result: Result, o: { kind?: DecryptCandidate['kind']; region?: string; ms?: number; fallback?: boolean; keys?: Uint8Array[] } = {}): DecryptCandidate {
  return {
    kind: o.kind ?? (o.region ? 'kms' : 'raw'),
    keyring: 'test',
    keyId: id,
    ...(o.region ? { region: o.region } : {}),
    ...(o.fallback ? { fallback: true } : {}),
    edk,
    attempt: (m, opts) =>
      new Promise((resolve, reject) => {
        log.push(`start ${id}${opts?.alternatives ? ' (alternatives)' : ''}`);
        const t = result === 'hang' ? undefined : setTimeout(() => {
          log.push(`end ${id}`);
          if (result === 'ok') {
            const key = new Uint8Array(32).fill(1);
            o.keys?.push(key);
            resolve({ ...m, plaintextDataKey: key, decryptedBy: { providerId: 'test', keyId: id } });
          } else if (result === 'not-mine') resolve(NOT_MINE);
          else reject(new Error(`${id} failed`));
        }, o.ms ?? 0);
        opts?.signal?.addEventListener('abort', () => {
          clearTimeout(t);
          log.push(`abort ${id}`);
          reject(new Error('aborted'));
        });
      }),
  };
}

/** An availability whose open regions, hedge delay and recorded outcomes the test controls. */
function avail(open: string[] = [], hedgeMs = 1000): Availability & { recorded: [string, CallOutcome][]; events: AvailabilityEvents } {
  const recorded: [string, CallOutcome][] = [];
  return {
    recorded,
    events: new AvailabilityEvents(),
    order: (regions) => [...regions].sort((a, b) => Number(open.includes(a)) - Number(open.includes(b))),
    canTry: (r) => !open.includes(r),
    hedgeDelay: () => hedgeMs,
    record: (r, outcome) => void recorded.push([r, outcome]),
    state: (r) => (open.includes(r) ? 'open' : 'closed'),
  };
}

describe('runDecrypt', () => {
  it('plans regional candidates (local first), then fallbacks, then other, then raw; the first success wins', async () => {
    const log: string[] = [];
    const out = await runDecrypt(dm, [
      cand(log, 'escrow', 'ok', { kind: 'raw' }),
      cand(log, 'custom', 'fail', { kind: 'other' }),
      cand(log, 'eu-fallback', 'fail', { region: 'eu', fallback: true }),
      cand(log, 'eu', 'fail', { region: 'eu' }),
      cand(log, 'us', 'fail', { region: 'us' }),
    ], { localRegion: 'us', hedging: 'off' });
    expect(log.filter((l) => l.startsWith('start')).map((l) => l.split(' ')[1])).toEqual(['us', 'eu', 'eu-fallback', 'custom', 'escrow']);
    expect(out.decryptedBy?.keyId).toBe('escrow');
    expect(out.attempts?.map((a) => a.keyId)).toEqual(['us', 'eu', 'eu-fallback', 'custom']);
  });

  it('"not mine" is not an attempt; all "not mine" leaves the materials unchanged; failures are NoKeyDecryptedError with every attempt', async () => {
    const log: string[] = [];
    expect(await runDecrypt(dm, [cand(log, 'a', 'not-mine'), cand(log, 'b', 'not-mine')])).toBe(dm);
    expect(await runDecrypt(dm, [])).toBe(dm);
    const err = await runDecrypt(dm, [cand(log, 'a', 'not-mine'), cand(log, 'b', 'fail'), cand(log, 'c', 'fail')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoKeyDecryptedError);
    expect((err as NoKeyDecryptedError).attempts.map((a) => [a.keyId, a.reason])).toEqual([['b', 'b failed'], ['c', 'c failed']]);
    const ok = await runDecrypt(dm, [cand(log, 'a', 'not-mine'), cand(log, 'b', 'ok')]);
    expect(ok.decryptedBy?.keyId).toBe('b');
    expect(ok.attempts).toBeUndefined();
  });

  it('tells a candidate whether others remain (so a remote call can skip its retries)', async () => {
    const log: string[] = [];
    await runDecrypt(dm, [cand(log, 'a', 'fail', { region: 'us' }), cand(log, 'b', 'ok', { region: 'eu' })], { hedging: 'off', localRegion: 'us' });
    expect(log.filter((l) => l.startsWith('start'))).toEqual(['start a (alternatives)', 'start b']);
  });

  it('hedging: the next regional candidate starts after the delay, the loser is aborted, listed as cancelled, and reported slow', async () => {
    const log: string[] = [];
    const a = avail([], 30);
    const events: AvailabilityEvent[] = [];
    a.events.on((e) => events.push(e));
    const out = await runDecrypt(dm, [cand(log, 'slow', 'hang', { region: 'us' }), cand(log, 'fast', 'ok', { region: 'eu', ms: 5 })], { availability: a, localRegion: 'us' });
    expect(out.decryptedBy?.keyId).toBe('fast');
    expect(log).toEqual(['start slow (alternatives)', 'start fast (alternatives)', 'end fast', 'abort slow']);
    expect(out.attempts?.[0]?.reason).toMatch(/^cancelled: fast opened the message first/);
    expect(a.recorded).toEqual([['us', 'slow']]);
    expect(events).toEqual([{ type: 'hedge', keyId: 'fast', region: 'eu', slowRegion: 'us', afterMs: 30 }]);
  });

  it('a hedge never starts a raw (escrow) candidate: it starts only once a regional one failed', async () => {
    const log: string[] = [];
    const t0 = Date.now();
    const out = await runDecrypt(dm, [cand(log, 'us', 'fail', { region: 'us', ms: 150 }), cand(log, 'escrow', 'ok', { kind: 'raw' })], { hedging: 10, localRegion: 'us' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    expect(out.decryptedBy?.keyId).toBe('escrow');
    // Only escrow remains behind it: escrow is no alternative worth skipping a KMS retry for.
    expect(log.slice(0, 2)).toEqual(['start us', 'end us']);
  });

  it('a hedge never starts a second call into a region that has one in flight', async () => {
    const log: string[] = [];
    const out = await runDecrypt(dm, [
      cand(log, 'us', 'hang', { region: 'us' }),
      cand(log, 'us-fallback', 'ok', { region: 'us', fallback: true }),
      cand(log, 'eu', 'ok', { region: 'eu', ms: 100 }),
    ], { hedging: 10, localRegion: 'us' });
    expect(out.decryptedBy?.keyId).toBe('eu');
    expect(log.filter((l) => l.startsWith('start')).map((l) => l.split(' ')[1])).toEqual(['us', 'eu']);
  });

  it('a candidate that reports when its request goes out starts the hedge clock then (local set-up such as loading an SDK does not count)', async () => {
    const log: string[] = [];
    const late: DecryptCandidate = {
      ...cand(log, 'us', 'ok', { region: 'us', ms: 20 }),
      reportsStart: true,
      attempt: async (m, o) => {
        await new Promise((r) => setTimeout(r, 100)); // "loading the SDK"
        o?.onStarted?.();
        return cand(log, 'us', 'ok', { region: 'us', ms: 20 }).attempt(m, o);
      },
    };
    const out = await runDecrypt(dm, [late, cand(log, 'eu', 'ok', { region: 'eu' })], { hedging: 60, localRegion: 'us' });
    expect(out.decryptedBy?.keyId).toBe('us');
    expect(log.filter((l) => l.startsWith('start')).map((l) => l.split(' ')[1])).toEqual(['us']);
  });

  it('hedging off: strictly one after another', async () => {
    const log: string[] = [];
    await runDecrypt(dm, [cand(log, 'a', 'fail', { region: 'us', ms: 20 }), cand(log, 'b', 'ok', { region: 'eu' })], { hedging: 'off', availability: avail([], 1) });
    expect(log).toEqual(['start a (alternatives)', 'end a', 'start b', 'end b']);
  });

  it('open breaker: skipped (one attempt per region), tried last; not retried when its region failed in this run', async () => {
    const log: string[] = [];
    const out = await runDecrypt(dm, [cand(log, 'us-1', 'ok', { region: 'us' }), cand(log, 'us-2', 'ok', { region: 'us', fallback: true }), cand(log, 'eu', 'fail', { region: 'eu' })], { availability: avail(['us']), localRegion: 'us', hedging: 'off' });
    expect(log.filter((l) => l.startsWith('start')).map((l) => l.split(' ')[1])).toEqual(['eu', 'us-1']);
    expect(out.decryptedBy?.keyId).toBe('us-1');
    expect(out.attempts?.map((a) => [a.keyId, a.reason?.split(':')[0]])).toEqual([['eu', 'eu failed'], ['us-1', 'skipped']]);
    const log2: string[] = [];
    const err = await runDecrypt(dm, [cand(log2, 'us-a', 'fail', { region: 'us' }), cand(log2, 'eu', 'fail', { region: 'eu' })], { availability: avail(['eu']), localRegion: 'us', hedging: 'off' }).catch((e: unknown) => e);
    expect(log2.filter((l) => l.startsWith('start')).map((l) => l.split(' ')[1])).toEqual(['us-a', 'eu']); // eu as last resort
    expect((err as NoKeyDecryptedError).attempts.map((a) => a.keyId)).toEqual(['us-a', 'eu', 'eu']);
  });

  it('the caller\'s AbortSignal ends the run with AbortedError and aborts the calls in flight', async () => {
    const log: string[] = [];
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 20);
    const err = await runDecrypt(dm, [cand(log, 'us', 'hang', { region: 'us' })], { signal: ac.signal }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortedError);
    expect(log).toEqual(['start us', 'abort us']);
  });

  it('a winner found after the run ended is wiped', async () => {
    // Driven by promises, not timers: the late candidate starts (on the hedge) before the first
    // answers, and answers only once the run has ended, ignoring the abort.
    const late = new Uint8Array(32).fill(1);
    let lateStarted!: () => void;
    let lateAnswers!: (m: DecryptionMaterials) => void;
    const started = new Promise<void>((r) => (lateStarted = r));
    const candidate = (keyId: string, region: string, attempt: DecryptCandidate['attempt']): DecryptCandidate => ({ kind: 'kms', keyring: 'test', keyId, region, edk, attempt });
    const out = await runDecrypt(
      dm,
      [
        candidate('first', 'us', async (m) => {
          await started;
          return { ...m, plaintextDataKey: new Uint8Array(32).fill(2), decryptedBy: { providerId: 'test', keyId: 'first' } };
        }),
        candidate('late', 'ap', () => {
          lateStarted();
          return new Promise((resolve) => (lateAnswers = resolve));
        }),
      ],
      { hedging: 0 },
    );
    expect(out.decryptedBy?.keyId).toBe('first');
    lateAnswers({ ...dm, plaintextDataKey: late, decryptedBy: { providerId: 'test', keyId: 'late' } });
    await new Promise((r) => setImmediate(r));
    expect(late.every((b) => b === 0)).toBe(true);
  });
});
