import { describe, expect, it } from 'vitest';
import { RegionHealth, isRegionFailure, parseKmsArn, mrkMatch } from '@envelope/keyring-kms';

describe('RegionHealth', () => {
  it('orders local first, then by observed latency, failing regions after healthy ones', () => {
    const h = new RegionHealth({ failureThreshold: 2 });
    h.record('eu', true, 80);
    h.record('ap', true, 20);
    expect(h.order(['us', 'eu', 'ap'], 'us')).toEqual(['us', 'ap', 'eu']);
    h.record('us', false, 5);
    expect(h.state('us')).toBe('closed');
    expect(h.order(['us', 'eu', 'ap'], 'us')).toEqual(['ap', 'eu', 'us']);
  });
  it('opens after the threshold, stays open for the cool-down, then lets one trial through', () => {
    let now = 0;
    const h = new RegionHealth({ failureThreshold: 1, coolDownMs: 1000, now: () => now });
    h.record('us', false, 10);
    expect(h.state('us')).toBe('open');
    expect(h.canCall('us')).toBe(false);
    now = 1000;
    expect(h.state('us')).toBe('half-open');
    expect(h.canCall('us')).toBe(true);
    expect(h.canCall('us')).toBe(false);
    h.record('us', true, 10);
    expect(h.state('us')).toBe('closed');
    expect(h.canCall('us')).toBe(true);
    expect(h.stats('us')).toMatchObject({ calls: 2, failures: 1, consecutiveFailures: 0, state: 'closed' });
  });
  it('p95 of recent successes', () => {
    const h = new RegionHealth();
    for (let i = 1; i <= 50; i++) h.record('r', true, i);
    expect(h.p95('r')).toBe(48);
    for (let i = 51; i <= 150; i++) h.record('r', true, i);
    expect(h.p95('r')).toBe(147); // only the last 64 calls count
    expect(h.p95('none')).toBeUndefined();
  });
  it('classifies network, timeout, throttling and 5xx as region failures, key refusals not', () => {
    expect(isRegionFailure(Object.assign(new Error('x'), { name: 'TimeoutError' }))).toBe(true);
    expect(isRegionFailure(Object.assign(new Error('x'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }))).toBe(true);
    expect(isRegionFailure(Object.assign(new Error('x'), { name: 'KMSInternalException', $metadata: { httpStatusCode: 500 } }))).toBe(true);
    expect(isRegionFailure(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isRegionFailure(Object.assign(new Error('x'), { name: 'IncorrectKeyException', $metadata: { httpStatusCode: 400 } }))).toBe(false);
  });
});

describe('RegionHealth as core Availability', () => {
  it('throttling backs off in the order, briefly and growing, but never opens the breaker', () => {
    let now = 0;
    const h = new RegionHealth({ now: () => now });
    const events: unknown[] = [];
    h.events.on((e) => events.push(e));
    h.record('us', 'throttled', 5);
    expect(h.state('us')).toBe('closed');
    expect(h.canTry('us')).toBe(true);
    expect(h.order(['us', 'eu'], 'us')).toEqual(['us', 'eu']); // one throttle: only that call moved
    h.record('us', 'throttled', 5);
    expect(h.order(['us', 'eu'], 'us')).toEqual(['eu', 'us']); // two in a row: backed off briefly
    now = 100;
    expect(h.order(['us', 'eu'], 'us')).toEqual(['us', 'eu']);
    for (let i = 0; i < 10; i++) h.record('us', 'throttled', 5);
    expect(h.state('us')).toBe('closed');
    expect(h.stats('us')).toMatchObject({ throttled: 12, failures: 0 });
    expect(events.slice(0, 2)).toEqual([{ type: 'throttled', region: 'us', backoffMs: 0 }, { type: 'throttled', region: 'us', backoffMs: 100 }]);
    expect(events.at(-1)).toEqual({ type: 'throttled', region: 'us', backoffMs: 5000 });
  });
  it('slow (abandoned by a hedge) demotes for a while; failures open and close with events', () => {
    let now = 0;
    const h = new RegionHealth({ now: () => now, coolDownMs: 1000 });
    const events: unknown[] = [];
    h.events.on((e) => events.push(e));
    h.record('us', 'slow', 300);
    expect(h.order(['us', 'eu'], 'us')).toEqual(['eu', 'us']);
    now = 5000;
    expect(h.order(['us', 'eu'], 'us')).toEqual(['us', 'eu']);
    h.record('eu', 'failed', 10);
    now = 6000;
    expect(h.canTry('eu')).toBe(true);
    h.record('eu', 'ok', 10);
    expect(events).toEqual([
      { type: 'breaker', region: 'eu', state: 'open' },
      { type: 'breaker', region: 'eu', state: 'half-open' },
      { type: 'breaker', region: 'eu', state: 'closed' },
    ]);
  });
  it('a half-open trial whose outcome never comes (cancelled) stops blocking after trialTimeoutMs', () => {
    let now = 0;
    const h = new RegionHealth({ now: () => now, coolDownMs: 100, trialTimeoutMs: 1000 });
    h.record('us', 'failed', 1);
    now = 100;
    expect(h.canTry('us')).toBe(true);
    expect(h.canTry('us')).toBe(false);
    now = 1099;
    expect(h.canTry('us')).toBe(false);
    now = 1100;
    expect(h.canTry('us')).toBe(true);
  });
  it('adaptive hedge delay: cold default, else twice the p95 between floor and ceiling', () => {
    const h = new RegionHealth();
    expect(h.hedgeDelay('us')).toBe(300);
    h.record('us', true, 10);
    expect(h.hedgeDelay('us')).toBe(200);
    h.record('eu', true, 200);
    expect(h.hedgeDelay('eu')).toBe(400);
    h.record('ap', true, 5000);
    expect(h.hedgeDelay('ap')).toBe(1000);
  });
});

describe('ARNs', () => {
  it('parses key and alias ARNs and matches multi-region keys across regions only', () => {
    const a = parseKmsArn('arn:aws:kms:us-east-1:111122223333:key/mrk-abc')!;
    const b = parseKmsArn('arn:aws:kms:eu-west-1:111122223333:key/mrk-abc')!;
    const c = parseKmsArn('arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab')!;
    const d = parseKmsArn('arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab')!;
    expect(parseKmsArn('arn:aws:kms:us-east-1:111122223333:alias/app')?.resourceType).toBe('alias');
    expect(parseKmsArn('alias/app')).toBeUndefined();
    expect(mrkMatch(a, b)).toBe(true);
    expect(mrkMatch(c, d)).toBe(false);
    expect(mrkMatch(a, parseKmsArn('arn:aws:kms:eu-west-1:999999999999:key/mrk-abc')!)).toBe(false);
  });
});
