// Issue 17 acceptance: telemetry through @opentelemetry/api, seen by an in-memory SDK registered
// BEFORE Envelope is imported (the packages are imported dynamically below). kms-local with three
// regions, a multi-region key behind an alias, an RSA escrow key, a config-built keyring per case.
// KMS spans are compared one to one with kms-local's request log (GET /__admin/requests).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { registerTestSdk } from './otel_sdk.js';

const sdk = registerTestSdk();
const core = await import('@envelope/core');
const { startKmsLocal, createMultiRegionKey } = await import('@envelope/kms-local');
const { generateRsaKeyPair } = await import('@envelope/keyring-raw-rsa');
const { keyringFromConfig } = await import('@envelope/registry');
type KmsLocal = Awaited<ReturnType<typeof startKmsLocal>>;
type RequestLogEntry = import('@envelope/kms-local').RequestLogEntry;

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'] as const;
const [LOCAL] = REGIONS;
const N = core.TELEMETRY_NAMES;
let local: KmsLocal;
let dir: string;
let message: Uint8Array;

async function admin(region: string, route: string, method = 'GET', body?: unknown): Promise<unknown> {
  const res = await fetch(`${local.endpoints[region]}${route}`, { method, headers: { 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  expect(res.status).toBe(200);
  return res.json();
}
const fault = (region: string, mode: 'none' | 'down') => admin(region, '/__admin/fault', 'POST', { mode });
const keyring = () =>
  keyringFromConfig(
    {
      localRegion: LOCAL,
      kms: { endpoints: local.endpoints, credentials: local.credentials, timeoutMs: 2000 },
      keyring: {
        type: 'multi',
        generator: { type: 'aws-kms', keyId: 'alias/app', regions: [...REGIONS] },
        children: [{ type: 'raw-rsa', keyNamespace: 'escrow', keyName: 'escrow-2026', publicKey: 'escrow.pub.pem', privateKey: 'escrow.pem', padding: 'oaep-sha256' }],
      },
    },
    { baseDir: dir },
  );

/** Every request kms-local logged since the last reset, as "region Operation", sorted. */
async function requests(): Promise<string[]> {
  const all = await Promise.all(REGIONS.map(async (r) => ((await admin(r, '/__admin/requests')) as RequestLogEntry[]).map((e) => `${r} ${e.operation}`)));
  return all.flat().sort();
}
const awsSpans = async () => (await sdk.spans()).filter((s) => s.attributes['rpc.system'] === 'aws-api');
const asRequests = (spans: ReadableSpan[]) => spans.map((s) => `${String(s.attributes['cloud.region'])} ${String(s.attributes['rpc.method'])}`).sort();
const parentId = (s: ReadableSpan) => s.parentSpanContext?.spanId;
const named = async (name: string) => (await sdk.spans()).filter((s) => s.name === name);

beforeAll(async () => {
  local = await startKmsLocal({ regions: [...REGIONS] });
  await createMultiRegionKey(local, { primaryRegion: LOCAL, replicaRegions: REGIONS.slice(1), alias: 'alias/app' });
  dir = mkdtempSync(path.join(tmpdir(), 'envelope-telemetry-'));
  const { publicKeyPem, privateKeyPem } = await generateRsaKeyPair({ bits: 2048 });
  writeFileSync(path.join(dir, 'escrow.pub.pem'), publicKeyPem);
  writeFileSync(path.join(dir, 'escrow.pem'), privateKeyPem, { mode: 0o600 });
  message = (await core.encrypt(await keyring(), 'observed', { encryptionContext: { tenant: 'secret-tenant-value' } })).ciphertext;
}, 120_000);
afterAll(async () => {
  await local.close();
});
beforeEach(async () => {
  for (const r of REGIONS) {
    await fault(r, 'none');
    await admin(r, '/__admin/requests', 'DELETE');
  }
  sdk.exporter.reset();
});

describe('telemetry (SDK registered before Envelope is imported)', () => {
  it('encrypt under 3 regions: one KMS span per request in the log (same method, same region), children of one encrypt span', async () => {
    const { ciphertext } = await core.encrypt(await keyring(), 'hello', { encryptionContext: { tenant: 'secret-tenant-value' } });
    const spans = await awsSpans();
    expect(spans.length).toBeGreaterThanOrEqual(3);
    expect(asRequests(spans)).toEqual(await requests());
    const [op] = await named(N.spans.encrypt);
    expect(await named(N.spans.encrypt)).toHaveLength(1);
    expect(op!.attributes).toMatchObject({ 'envelope.suite_id': 0x0578, 'envelope.frame_length': 4096, 'envelope.plaintext.bytes': 5, 'envelope.ciphertext.bytes': ciphertext.length });
    for (const s of spans) {
      expect(parentId(s)).toBe(op!.spanContext().spanId);
      expect(s.attributes).toMatchObject({ 'rpc.system': 'aws-api', 'rpc.service': s.name.split('.')[0] });
    }
    const kms = spans.filter((s) => s.attributes['rpc.service'] === 'KMS');
    expect(kms.map((s) => s.attributes['rpc.method']).sort()).toEqual(['Encrypt', 'Encrypt', 'GenerateDataKey']);
    for (const s of kms) expect(String(s.attributes['aws.kms.key_id'])).toMatch(/^arn:aws:kms:/);
    // The answer's $metadata: kms-local sends a request id; one SDK attempt each.
    for (const s of kms) expect(s.attributes).toMatchObject({ 'rpc.system': 'aws-api', 'aws.request_id': expect.stringMatching(/^[0-9a-f-]{36}$/), 'envelope.kms.sdk_attempts': 1 });
    // No context value, plaintext or key material in any attribute.
    const text = JSON.stringify((await sdk.spans()).map((s) => [s.attributes, s.events]));
    expect(text).not.toContain('secret-tenant-value');
    expect(text).not.toContain('tenant');
    expect(text).not.toContain('hello');
  });

  it('decrypt with the local region down: the failed call is an ERROR span; spans and requests still match one to one; the breaker opening is an event naming the region', async () => {
    await fault(LOCAL, 'down');
    const { decryptedBy } = await core.decrypt(await keyring(), message);
    expect(decryptedBy?.region).not.toBe(LOCAL);
    const spans = await awsSpans();
    expect(asRequests(spans)).toEqual(await requests());
    const failed = spans.filter((s) => s.attributes['cloud.region'] === LOCAL);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed[0]!.attributes['error.type']).toBeTruthy();
    expect(failed[0]!.attributes['envelope.kms.outcome']).toBe('unavailable');
    const [op] = await named(N.spans.decrypt);
    expect(op!.attributes).toMatchObject({ 'envelope.key.provider_id': 'aws-kms', 'envelope.key.region': decryptedBy!.region });
    const breaker = op!.events.filter((e) => e.name === N.events.breaker);
    expect(breaker.map((e) => e.attributes)).toContainEqual({ 'cloud.region': LOCAL, state: 'open' });
    const gauge = await sdk.points(N.metrics.breakerState);
    expect(gauge).toContainEqual(expect.objectContaining({ attributes: { 'cloud.region': LOCAL }, value: 2 }));
  });

  it('every region down: the escrow decrypt emits one envelope.escrow.used event and increments the counter', async () => {
    const before = (await sdk.points(N.metrics.escrowUsed)).reduce((n, p) => n + Number(p.value), 0);
    for (const r of REGIONS) await fault(r, 'down');
    const { decryptedBy } = await core.decrypt(await keyring(), message);
    expect(decryptedBy?.providerId).toBe('escrow');
    const events = (await sdk.spans()).flatMap((s) => s.events.filter((e) => e.name === N.events.escrowUsed).map((e) => ({ span: s.name, ...e.attributes })));
    expect(events).toEqual([{ span: N.spans.decrypt, 'envelope.key.provider_id': 'escrow', 'envelope.key.id': 'escrow/escrow-2026' }]);
    const after = (await sdk.points(N.metrics.escrowUsed)).reduce((n, p) => n + Number(p.value), 0);
    expect(after - before).toBe(1);
    expect(asRequests(await awsSpans())).toEqual(await requests());
    expect((await awsSpans()).every((s) => s.status.code === SpanStatusCode.ERROR)).toBe(true);
  });

  it('a hedged call starting is an envelope.hedge event on the decrypt span', async () => {
    await admin(LOCAL, '/__admin/fault', 'POST', { mode: 'latency', ms: 1500 });
    const { decryptedBy } = await core.decrypt(await keyring(), message);
    expect(decryptedBy?.region).not.toBe(LOCAL);
    const [op] = await named(N.spans.decrypt);
    const hedges = op!.events.filter((e) => e.name === N.events.hedge);
    expect(hedges.length).toBeGreaterThanOrEqual(1);
    expect(hedges[0]!.attributes).toMatchObject({ 'envelope.hedge.slow_region': LOCAL });
    expect(REGIONS.slice(1)).toContain(hedges[0]!.attributes!['cloud.region']);
  });

  it('envelope.kms.duration has points for each region called, by method and outcome', async () => {
    await core.encrypt(await keyring(), 'x');
    const points = await sdk.points(N.metrics.kmsDuration);
    const regions = new Set(points.map((p) => p.attributes['cloud.region']));
    for (const r of REGIONS) expect(regions.has(r)).toBe(true);
    expect(points.some((p) => p.attributes['rpc.method'] === 'GenerateDataKey' && p.attributes.outcome === 'ok')).toBe(true);
    expect(points.some((p) => p.attributes.outcome === 'unavailable')).toBe(true); // from the cases above
  });

  it('decryptStream: one span from start to finish, with the KMS call as its child', async () => {
    const { Readable } = await import('node:stream');
    const { pipeline } = await import('node:stream/promises');
    const out: Buffer[] = [];
    await pipeline(Readable.from([Buffer.from(message)]), core.decryptStream(await keyring()), async function* (src) {
      for await (const c of src) out.push(c as Buffer);
    });
    expect(Buffer.concat(out).toString()).toBe('observed');
    const [op] = await named(N.spans.decryptStream);
    expect(op!.attributes['envelope.bytes_in']).toBe(message.length);
    expect(op!.attributes['envelope.key.provider_id']).toBe('aws-kms');
    const kms = await awsSpans();
    expect(kms.length).toBeGreaterThanOrEqual(1);
    expect(kms.every((s) => parentId(s) === op!.spanContext().spanId)).toBe(true);
  });
});
