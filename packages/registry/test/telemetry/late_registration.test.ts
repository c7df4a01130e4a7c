// Issue 17: tracers and meters are looked up at call time, so an SDK registered AFTER Envelope was
// imported (and after it already ran without one) sees everything from then on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encrypt, decrypt, TELEMETRY_NAMES as N } from '@envelope/core';
import { KmsKeyring, onKmsCall, type KmsCallRecord } from '@envelope/keyring-kms';
import { startKmsLocal, createMultiRegionKey, type KmsLocal } from '@envelope/kms-local';
import { registerTestSdk, type TestSdk } from './otel_sdk.js';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
let local: KmsLocal;
let keyring: KmsKeyring;

beforeAll(async () => {
  local = await startKmsLocal({ regions: REGIONS });
  const key = await createMultiRegionKey(local, { primaryRegion: REGIONS[0]!, replicaRegions: REGIONS.slice(1) });
  const arns = REGIONS.map((r) => key.arns[r]!);
  keyring = new KmsKeyring({ generatorKeyId: arns[0]!, keyIds: arns.slice(1), endpoints: local.endpoints, credentials: local.credentials, localRegion: REGIONS[0]! });
}, 60_000);
afterAll(async () => {
  keyring.destroy();
  await local.close();
});

describe('telemetry with the SDK registered after import', () => {
  let sdk: TestSdk;
  let message: Uint8Array;

  it('before registration: calls work, and the in-process KMS listener (what --verbose prints) still hears every call', async () => {
    const heard: KmsCallRecord[] = [];
    const stop = onKmsCall((r) => heard.push(r));
    message = (await encrypt(keyring, 'late')).ciphertext;
    stop();
    expect(heard.map((r) => `${r.region} ${r.method} ${r.outcome}`).sort()).toEqual(['ap-southeast-2 Encrypt ok', 'eu-west-1 Encrypt ok', 'us-east-1 GenerateDataKey ok']);
    expect(heard.every((r) => r.durationMs >= 0 && r.service === 'KMS')).toBe(true);
  });

  it('after registration: encrypt and decrypt spans with KMS children, and duration points', async () => {
    sdk = registerTestSdk();
    await encrypt(keyring, 'late');
    await decrypt(keyring, message);
    const spans = await sdk.spans();
    const [enc] = spans.filter((s) => s.name === N.spans.encrypt);
    const [dec] = spans.filter((s) => s.name === N.spans.decrypt);
    expect(enc).toBeDefined();
    expect(dec).toBeDefined();
    const kms = spans.filter((s) => s.attributes['rpc.service'] === 'KMS');
    expect(kms.filter((s) => s.parentSpanContext?.spanId === enc!.spanContext().spanId)).toHaveLength(3);
    expect(kms.filter((s) => s.parentSpanContext?.spanId === dec!.spanContext().spanId).map((s) => s.name)).toEqual(['KMS.Decrypt']);
    const points = await sdk.points(N.metrics.kmsDuration);
    expect(new Set(points.map((p) => p.attributes['cloud.region']))).toEqual(new Set(REGIONS));
  });
});
