// Issue 17: operation spans without KMS (raw keys), cache counters, stream errors, attribute hygiene.
import { describe, expect, it } from 'vitest';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SpanStatusCode } from '@opentelemetry/api';
import { registerTestSdk } from './otel_sdk.js';

const sdk = registerTestSdk();
const core = await import('@envelope/core');
const { RawAesKeyring } = await import('@envelope/keyring-raw-aes');
const N = core.TELEMETRY_NAMES;
const keyring = new RawAesKeyring({ keyNamespace: 'ns', keyName: 'aes', wrappingKey: new Uint8Array(32).fill(7) });
const sum = async (name: string, op: string) => (await sdk.points(name)).filter((p) => p.attributes['envelope.cache.operation'] === op).reduce((n, p) => n + Number(p.value), 0);

describe('operation telemetry', () => {
  it('context keys go on spans only when asked, never values; a raw key opening a raw-only message is not escrow use', async () => {
    sdk.exporter.reset();
    const ec = { tenant: 'value-never-recorded', region: 'eu' };
    const { ciphertext } = await core.encrypt(keyring, 'plaintext-never-recorded', { encryptionContext: ec, suiteId: 0x0478 });
    core.configureTelemetry({ recordContextKeys: true });
    await core.decrypt(keyring, ciphertext);
    core.configureTelemetry({});
    const spans = await sdk.spans();
    const [enc] = spans.filter((s) => s.name === N.spans.encrypt);
    const [dec] = spans.filter((s) => s.name === N.spans.decrypt);
    expect(enc!.attributes['envelope.context.keys']).toBeUndefined();
    expect(dec!.attributes['envelope.context.keys']).toEqual(['region', 'tenant']);
    expect(dec!.attributes).toMatchObject({ 'envelope.key.provider_id': 'ns', 'envelope.key.id': 'ns/aes' });
    const text = JSON.stringify(spans.map((s) => [s.attributes, s.events]));
    expect(text).not.toContain('never-recorded');
    expect(spans.flatMap((s) => s.events).filter((e) => e.name === N.events.escrowUsed)).toEqual([]);
  });

  it('a failed decrypt ends its span with status ERROR and the error code as error.type', async () => {
    sdk.exporter.reset();
    const { ciphertext } = await core.encrypt(keyring, 'x');
    const bad = Uint8Array.from(ciphertext);
    bad[bad.length - 20]! ^= 1;
    await expect(core.decrypt(keyring, bad)).rejects.toThrow();
    const [dec] = (await sdk.spans()).filter((s) => s.name === N.spans.decrypt);
    expect(dec!.status.code).toBe(SpanStatusCode.ERROR);
    expect(typeof dec!.attributes['error.type']).toBe('string');
  });

  it('streams: one span per stream, ended at finish, or with ERROR when the stream fails', async () => {
    sdk.exporter.reset();
    const sink = () => new Writable({ write: (_c, _e, cb) => cb() });
    await pipeline(Readable.from([Buffer.alloc(10_000, 1)]), core.encryptStream(keyring, { frameLength: 1024 }), sink());
    await expect(pipeline(Readable.from([Buffer.from('not a message at all, just bytes')]), core.decryptStream(keyring), sink())).rejects.toThrow();
    const spans = await sdk.spans();
    const [enc] = spans.filter((s) => s.name === N.spans.encryptStream);
    const [dec] = spans.filter((s) => s.name === N.spans.decryptStream);
    expect(enc!.attributes).toMatchObject({ 'envelope.bytes_in': 10_000, 'envelope.frame_length': 1024 });
    expect(enc!.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(dec!.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('envelope.cache.hits / envelope.cache.misses count what the caching manager counts', async () => {
    const cmm = new core.CachingMaterialsManager({ source: keyring, maxAgeMs: 60_000 });
    const [h0, m0] = [await sum(N.metrics.cacheHits, 'encrypt'), await sum(N.metrics.cacheMisses, 'encrypt')];
    for (let i = 0; i < 3; i++) await core.encrypt(cmm, 'cached', { suiteId: 0x0478 });
    const { ciphertext } = await core.encrypt(keyring, 'y', { suiteId: 0x0478 });
    for (let i = 0; i < 2; i++) await core.decrypt(cmm, ciphertext);
    expect(cmm.stats.hits).toBeGreaterThan(0);
    expect(cmm.stats.misses).toBeGreaterThan(0);
    const hits = (await sum(N.metrics.cacheHits, 'encrypt')) - h0 + (await sum(N.metrics.cacheHits, 'decrypt'));
    const misses = (await sum(N.metrics.cacheMisses, 'encrypt')) - m0 + (await sum(N.metrics.cacheMisses, 'decrypt'));
    expect([hits, misses]).toEqual([cmm.stats.hits, cmm.stats.misses]);
  });
});
