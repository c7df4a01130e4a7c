// KmsKeyring against kms-local with three regions, through the real @aws-sdk/client-kms.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encrypt, decrypt, KeyringError, NoKeyDecryptedError } from '@envelope/core';
import { startKmsLocal, createMultiRegionKey, type KmsLocal, type MultiRegionKey } from '@envelope/kms-local';
import { KmsKeyring, RegionHealth, RegionUnavailableError, type KmsKeyringOptions } from '@envelope/keyring-kms';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
let local: KmsLocal;
let mrk: MultiRegionKey;
const keyrings: KmsKeyring[] = [];

function keyring(o: Partial<KmsKeyringOptions> = {}): KmsKeyring {
  const k = new KmsKeyring({
    generatorKeyId: mrk.arns['us-east-1'],
    keyIds: [mrk.arns['eu-west-1']!, mrk.arns['ap-southeast-2']!],
    endpoints: local.endpoints,
    credentials: local.credentials,
    localRegion: 'us-east-1',
    timeoutMs: 1500,
    maxAttempts: 1,
    ...o,
  } as KmsKeyringOptions);
  keyrings.push(k);
  return k;
}
const wraps = (region?: string) => local.requests(region).filter((r) => r.operation === 'Encrypt' || r.operation === 'GenerateDataKey');
const decrypts = (region?: string) => local.requests(region).filter((r) => r.operation === 'Decrypt');

beforeAll(async () => {
  local = await startKmsLocal({ regions: REGIONS });
  mrk = await createMultiRegionKey(local, { primaryRegion: 'us-east-1', replicaRegions: ['eu-west-1', 'ap-southeast-2'], alias: 'alias/app' });
});
afterAll(async () => {
  for (const k of keyrings) k.destroy();
  await local.close();
});
beforeEach(() => {
  for (const r of REGIONS) local.setFault(r, { mode: 'none' });
  local.clearRequests();
});

describe('encrypt', () => {
  it('wraps under three regions: GenerateDataKey, then the other wraps concurrently; round trip', async () => {
    for (const r of REGIONS) local.setFault(r, { mode: 'latency', ms: 150 });
    const k = keyring();
    const { ciphertext, header } = await encrypt(k, 'hello across regions', { encryptionContext: { app: 'test' } });
    expect(header.encryptedDataKeys.map((e) => e.providerId)).toEqual(['aws-kms', 'aws-kms', 'aws-kms']);
    expect(header.encryptedDataKeys.map((e) => Buffer.from(e.providerInfo).toString())).toEqual([mrk.arns['us-east-1'], mrk.arns['eu-west-1'], mrk.arns['ap-southeast-2']]);
    const log = wraps();
    const gdk = log.find((e) => e.operation === 'GenerateDataKey')!;
    const encs = log.filter((e) => e.operation === 'Encrypt');
    expect(encs).toHaveLength(2);
    // Two round trips: every Encrypt starts after GenerateDataKey answered, and before any Encrypt answered.
    for (const e of encs) expect(e.time).toBeGreaterThanOrEqual(gdk.endTime!);
    expect(Math.max(...encs.map((e) => e.time))).toBeLessThan(Math.min(...encs.map((e) => e.endTime!)));
    const out = await decrypt(k, ciphertext);
    expect(Buffer.from(out.plaintext).toString()).toBe('hello across regions');
  });

  it('generateDataKeyLocally: every key wrapped at once (one round trip, three overlapping wraps)', async () => {
    for (const r of REGIONS) local.setFault(r, { mode: 'latency', ms: 150 });
    const { header } = await encrypt(keyring({ generateDataKeyLocally: true }), 'x');
    expect(header.encryptedDataKeys).toHaveLength(3);
    const log = wraps();
    expect(log.every((e) => e.operation === 'Encrypt')).toBe(true);
    expect(log).toHaveLength(3);
    expect(Math.max(...log.map((e) => e.time))).toBeLessThan(Math.min(...log.map((e) => e.endTime!)));
  });

  it('by default a region that is down fails the encryption, naming the key and region', async () => {
    local.setFault('ap-southeast-2', { mode: 'down' });
    const err = await encrypt(keyring(), 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeyringError);
    expect((err as Error).message).toContain('ap-southeast-2');
    expect((err as KeyringError).attempts.map((a) => a.region)).toEqual(['ap-southeast-2']);
  });

  it("minKeys: 'generator' accepts fewer keys and reports which were skipped", async () => {
    local.setFault('eu-west-1', { mode: 'down' });
    const r = await encrypt(keyring({ minKeys: 'generator' }), 'x');
    expect(r.header.encryptedDataKeys).toHaveLength(2);
    expect(r.skippedKeys?.map((s) => s.region)).toEqual(['eu-west-1']);
    const err = await encrypt(keyring({ minKeys: 3 }), 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeyringError);
  });

  it('a hanging region fails within the deadline', async () => {
    local.setFault('eu-west-1', { mode: 'hang' });
    const t0 = Date.now();
    await expect(encrypt(keyring({ timeoutMs: 300 }), 'x')).rejects.toBeInstanceOf(KeyringError);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('multibyte UTF-8 text and context round-trip unchanged', async () => {
    const text = 'Grüße, 世界 🌍 — ñ';
    const k = keyring();
    const { ciphertext } = await encrypt(k, text, { encryptionContext: { 'clé': 'valeur ü', '名前': '値' } });
    const out = await decrypt(k, ciphertext, { encryptionContext: { 'clé': 'valeur ü' } });
    expect(Buffer.from(out.plaintext).toString('utf8')).toBe(text);
    expect(out.header.encryptionContext['名前']).toBe('値');
  });
});

describe('decrypt', () => {
  let message: Uint8Array;
  beforeAll(async () => {
    message = (await encrypt(keyring(), 'regional')).ciphertext;
  });

  it('healthy: exactly one Decrypt, in the local region', async () => {
    const out = await decrypt(keyring({ localRegion: 'eu-west-1' }), message);
    expect(out.decryptedBy).toEqual({ providerId: 'aws-kms', keyId: mrk.arns['eu-west-1'], region: 'eu-west-1' });
    expect(decrypts().map((d) => d.region)).toEqual(['eu-west-1']);
  });

  it('only a remote region up: the others are down, a remote region answers', async () => {
    local.setFault('us-east-1', { mode: 'down' });
    local.setFault('eu-west-1', { mode: 'down' });
    const out = await decrypt(keyring(), message);
    expect(Buffer.from(out.plaintext).toString()).toBe('regional');
    expect(out.decryptedBy?.region).toBe('ap-southeast-2');
    expect(out.attempts?.map((a) => a.region)).toEqual(['us-east-1', 'eu-west-1']);
  });

  it('local region hangs (hedging on, the default): another region answers before the deadline; the next call goes elsewhere first', async () => {
    local.setFault('us-east-1', { mode: 'hang' });
    const health = new RegionHealth();
    const k = keyring({ timeoutMs: 1500, health });
    const t0 = Date.now();
    const out = await decrypt(k, message);
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(out.decryptedBy?.region).not.toBe('us-east-1');
    expect(out.attempts?.find((a) => a.region === 'us-east-1')?.reason).toMatch(/^cancelled/);
    expect(health.order(REGIONS, 'us-east-1')[0]).not.toBe('us-east-1');
    local.clearRequests();
    await decrypt(k, message);
    expect(decrypts('us-east-1')).toHaveLength(0);
  });

  it('local region hangs (hedging off): bounded by the deadline, then another region answers; the next call skips it', async () => {
    local.setFault('us-east-1', { mode: 'hang' });
    const health = new RegionHealth();
    const k = keyring({ timeoutMs: 400, health, hedging: 'off' });
    const t0 = Date.now();
    const out = await decrypt(k, message);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(out.decryptedBy?.region).not.toBe('us-east-1');
    expect(health.state('us-east-1')).toBe('open');
    local.clearRequests();
    await decrypt(k, message);
    expect(decrypts('us-east-1')).toHaveLength(0);
  });

  it('every region down: NoKeyDecryptedError lists each key, region and cause', async () => {
    for (const r of REGIONS) local.setFault(r, { mode: 'down' });
    const err = await decrypt(keyring(), message).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoKeyDecryptedError);
    expect((err as NoKeyDecryptedError).attempts.map((a) => a.region).sort()).toEqual([...REGIONS].sort());
  });

  it('only EDKs of configured keys are tried (MRK-aware: a replica ARN opens the primary EDK)', async () => {
    const onlyEu = keyring({ generatorKeyId: mrk.arns['eu-west-1'], keyIds: [], localRegion: 'eu-west-1' });
    const out = await decrypt(onlyEu, message);
    expect(out.decryptedBy?.keyId).toBe(mrk.arns['eu-west-1']);
    const other = (await createMultiRegionKey(local, { primaryRegion: 'us-east-1', replicaRegions: [] })).arns['us-east-1']!;
    local.clearRequests();
    await expect(decrypt(keyring({ generatorKeyId: other, keyIds: [] }), message)).rejects.toBeInstanceOf(NoKeyDecryptedError);
    expect(decrypts()).toHaveLength(0);
  });
});

describe('discovery and aliases', () => {
  it('discovery decrypts any aws-kms EDK of an allowed account, and refuses other accounts without calling KMS', async () => {
    const { ciphertext } = await encrypt(keyring(), 'discover me');
    const ok = new KmsKeyring({ discovery: true, discoveryFilter: { accountIds: [local.accountId], partition: 'aws' }, endpoints: local.endpoints, credentials: local.credentials, localRegion: 'us-east-1' });
    keyrings.push(ok);
    expect(Buffer.from((await decrypt(ok, ciphertext)).plaintext).toString()).toBe('discover me');
    const other = new KmsKeyring({ discovery: true, discoveryFilter: { accountIds: ['999999999999'], partition: 'aws' }, endpoints: local.endpoints, credentials: local.credentials });
    keyrings.push(other);
    local.clearRequests();
    await expect(decrypt(other, ciphertext)).rejects.toBeInstanceOf(NoKeyDecryptedError);
    expect(decrypts()).toHaveLength(0);
    expect(() => new KmsKeyring({ discovery: true })).toThrow(/discoveryFilter/);
  });

  it('alias + regions expands to one alias ARN per region, asking STS once for many encryptions', async () => {
    const k = new KmsKeyring({ keyId: 'alias/app', regions: REGIONS, endpoints: local.endpoints, credentials: local.credentials, localRegion: 'us-east-1', maxAttempts: 1 });
    keyrings.push(k);
    let last: Uint8Array = new Uint8Array();
    for (let i = 0; i < 5; i++) last = (await encrypt(k, `n${i}`)).ciphertext;
    expect(local.requests().filter((r) => r.operation === 'GetCallerIdentity')).toHaveLength(1);
    const gdk = local.requests().find((r) => r.operation === 'GenerateDataKey')!;
    expect(gdk.keyId).toBe(`arn:aws:kms:us-east-1:${local.accountId}:alias/app`);
    local.clearRequests();
    const fresh = new KmsKeyring({ keyId: 'alias/app', regions: REGIONS, endpoints: local.endpoints, credentials: local.credentials, localRegion: 'eu-west-1', maxAttempts: 1 });
    keyrings.push(fresh);
    const out = await decrypt(fresh, last);
    expect(Buffer.from(out.plaintext).toString()).toBe('n4');
    expect(decrypts().map((d) => d.region)).toEqual(['eu-west-1']);
  });
});

describe('hardening (issue 14)', () => {
  it('a keyring built with credentials never shows the secret in JSON.stringify or util.inspect', async () => {
    const { inspect } = await import('node:util');
    const secret = local.credentials.secretAccessKey;
    const k = keyring();
    await encrypt(k, 'x'); // clients built: the pool holds them too
    for (const text of [JSON.stringify(k), inspect(k, { depth: 10, showHidden: true }), String(k)]) {
      expect(text).not.toContain(secret);
    }
    expect(JSON.parse(JSON.stringify(k))).toMatchObject({ keyring: 'aws-kms', generatorKeyId: mrk.arns['us-east-1'] });
  });

  it('tries each EDK that matches a configured key (as the AWS ESDK does), not only the first', async () => {
    const k = keyring({ keyIds: [] });
    // A keyring that puts a bogus EDK under the same key ARN in front of the real one.
    const prepend = {
      onEncrypt: async (m: Parameters<KmsKeyring['onEncrypt']>[0]) => {
        const out = await k.onEncrypt(m);
        const real = out.encryptedDataKeys[0]!;
        return { ...out, encryptedDataKeys: [{ ...real, ciphertext: new Uint8Array(real.ciphertext.length).fill(7) }, ...out.encryptedDataKeys] };
      },
      onDecrypt: (m: Parameters<KmsKeyring['onDecrypt']>[0], e: Parameters<KmsKeyring['onDecrypt']>[1]) => k.onDecrypt(m, e),
    };
    const { ciphertext, header } = await encrypt(prepend, 'second EDK');
    expect(header.encryptedDataKeys).toHaveLength(2);
    local.clearRequests();
    const out = await decrypt(k, ciphertext);
    expect(Buffer.from(out.plaintext).toString()).toBe('second EDK');
    expect(decrypts('us-east-1')).toHaveLength(2);
    expect(out.attempts).toHaveLength(1);
    await expect(decrypt(k, ciphertext, { maxEncryptedDataKeys: 1 })).rejects.toThrow(/encrypted data keys|maxEncryptedDataKeys/i);
  });
});

describe('encrypt with region health (issue 13)', () => {
  // These tests open breakers with a region that is down (its calls fail at once) and move the
  // breakers' clock by hand: nothing waits for a deadline or a cool-down, so the deadline can be
  // one a loaded machine's healthy calls always meet.
  const SLACK_MS = 10_000;

  it('an open breaker fails the encrypt at once (RegionUnavailableError, no call); after the cool-down one trial call decides', async () => {
    let now = 0;
    const health = new RegionHealth({ coolDownMs: 400, now: () => now });
    const k = keyring({ timeoutMs: SLACK_MS, health });
    local.setFault('ap-southeast-2', { mode: 'down' });
    await expect(encrypt(k, 'x')).rejects.toBeInstanceOf(RegionUnavailableError);
    expect(health.state('ap-southeast-2')).toBe('open');
    local.clearRequests();
    const err = await encrypt(k, 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegionUnavailableError);
    expect((err as RegionUnavailableError).regions).toEqual(['ap-southeast-2']);
    expect((err as Error).message).toMatch(/circuit breaker[\s\S]*minKeys/);
    // At once: it failed before any request went out, to any region.
    expect(local.requests()).toHaveLength(0);
    local.setFault('ap-southeast-2', { mode: 'none' });
    now += 399;
    expect(health.state('ap-southeast-2')).toBe('open');
    now += 1;
    expect(health.state('ap-southeast-2')).toBe('half-open');
    const ok = await encrypt(k, 'back');
    expect(ok.header.encryptedDataKeys).toHaveLength(3);
    expect(wraps('ap-southeast-2')).toHaveLength(1);
    expect(health.state('ap-southeast-2')).toBe('closed');
  });

  it('after the cool-down, 20 concurrent encrypts send one trial call to the half-open region; with minKeys the others skip it meanwhile', async () => {
    let now = 0;
    const health = new RegionHealth({ coolDownMs: 300, now: () => now });
    const k = keyring({ timeoutMs: SLACK_MS, health, minKeys: 2 });
    local.setFault('ap-southeast-2', { mode: 'down' });
    const first = await encrypt(k, 'x');
    expect(first.skippedKeys?.map((a) => a.region)).toEqual(['ap-southeast-2']);
    expect(health.state('ap-southeast-2')).toBe('open');
    now += 300;
    expect(health.state('ap-southeast-2')).toBe('half-open');
    local.clearRequests();
    // Settled, not Promise.all: a failure here must not leave encrypts running into the next test.
    const settled = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => encrypt(k, `concurrent ${i}`)));
    const all = settled.map((s) => (s.status === 'fulfilled' ? s.value : expect.unreachable(String(s.reason))));
    // One trial went to the region (and failed); every encrypt still met minKeys.
    expect(wraps('ap-southeast-2')).toHaveLength(1);
    for (const r of all) expect(r.header.encryptedDataKeys.length).toBeGreaterThanOrEqual(2);
    const skippedDuringTrial = all.filter((r) => r.skippedKeys?.some((a) => /half-open and its one trial call is out/.test(a.reason ?? '')));
    expect(skippedDuringTrial.length).toBe(19);
    expect(health.state('ap-southeast-2')).toBe('open');
  });

  it('a dead endpoint gets one request per call when another region could answer, and the configured retries when none could', async () => {
    local.setFault('us-east-1', { mode: 'down' });
    const onlyUs = keyring({ generatorKeyId: mrk.arns['us-east-1'], keyIds: [], maxAttempts: 3, timeoutMs: SLACK_MS });
    await expect(encrypt(onlyUs, 'x')).rejects.toBeInstanceOf(RegionUnavailableError);
    expect(local.requests('us-east-1')).toHaveLength(3);
    local.setFault('us-east-1', { mode: 'none' });
    const message = (await encrypt(keyring({ timeoutMs: SLACK_MS }), 'x')).ciphertext;
    local.setFault('us-east-1', { mode: 'down' });
    local.clearRequests();
    await decrypt(keyring({ maxAttempts: 3, timeoutMs: SLACK_MS }), message);
    expect(local.requests('us-east-1')).toHaveLength(1);
  });
});
