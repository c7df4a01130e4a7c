// Telemetry of the hierarchical keyring's branch key store: a client span per DynamoDB and KMS
// command (rpc.service DynamoDB / KMS), one to one with kms-local's request log, seen by an
// in-memory OpenTelemetry SDK registered before Envelope is imported.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpanStatusCode } from '@opentelemetry/api';
import { registerTestSdk } from './otel_sdk.js';

const sdk = registerTestSdk();
const core = await import('@envelope/core');
const { startKmsLocal, createMultiRegionKey } = await import('@envelope/kms-local');
const { BranchKeyStore } = await import('@envelope/keyring-hierarchy');
const { keyringFromConfig } = await import('@envelope/registry');

const REGION = 'us-east-1';
const TABLE = 'telemetry-branch-keys';
let local: Awaited<ReturnType<typeof startKmsLocal>>;
let arn: string;

beforeAll(async () => {
  local = await startKmsLocal({ regions: [REGION] });
  arn = (await createMultiRegionKey(local, { primaryRegion: REGION, replicaRegions: [] })).arns[REGION]!;
  const store = new BranchKeyStore({ tableName: TABLE, kmsKeyArn: arn, endpoints: local.endpoints, credentials: local.credentials, localRegion: REGION });
  await store.createTable();
  await store.createKey({ branchKeyId: 'telemetry' });
  store.destroy();
});
afterAll(() => local.close());

const keyring = () => keyringFromConfig({
  localRegion: REGION,
  kms: { endpoints: local.endpoints, credentials: local.credentials, timeoutMs: 1000 },
  keyring: { type: 'hierarchical', tableName: TABLE, kmsKeyArn: arn, branchKeyId: 'telemetry', cacheTtlSeconds: 60 },
});

describe('branch key store telemetry', () => {
  it('a cold encrypt: one DynamoDB.GetItem span and one KMS.Decrypt span, children of the encrypt span, one per request', async () => {
    sdk.exporter.reset();
    local.clearRequests();
    await core.encrypt(await keyring(), 'traced');
    const spans = await sdk.spans();
    const ddb = spans.filter((s) => s.attributes['rpc.service'] === 'DynamoDB');
    const kms = spans.filter((s) => s.attributes['rpc.service'] === 'KMS');
    expect(ddb.map((s) => s.name)).toEqual(['DynamoDB.GetItem']);
    expect(kms.map((s) => s.name)).toEqual(['KMS.Decrypt']);
    expect(ddb[0]!.attributes).toMatchObject({ 'rpc.system': 'aws-api', 'rpc.method': 'GetItem', 'cloud.region': REGION, 'aws.dynamodb.table_names': [TABLE] });
    expect(kms[0]!.attributes).toMatchObject({ 'rpc.method': 'Decrypt', 'cloud.region': REGION, 'aws.kms.key_id': arn });
    // The answer's $metadata: kms-local sends a request id; one SDK attempt each.
    for (const s of [...ddb, ...kms]) expect(s.attributes).toMatchObject({ 'aws.request_id': expect.stringMatching(/^[0-9a-f-]{36}$/), 'envelope.kms.sdk_attempts': 1, 'envelope.kms.outcome': 'ok' });
    const op = spans.find((s) => /encrypt/i.test(s.name) && s.attributes['rpc.service'] === undefined)!;
    for (const s of [...ddb, ...kms]) expect(s.parentSpanContext?.spanId ?? (s as unknown as { parentSpanId?: string }).parentSpanId).toBe(op.spanContext().spanId);
    const log = local.requests().map((r) => r.operation).sort();
    expect(log).toEqual(['Decrypt', 'GetItem']);
  });

  it('a region down: the failed DynamoDB call is an ERROR span with error.type', async () => {
    sdk.exporter.reset();
    local.setFault(REGION, { mode: 'down' });
    try {
      await expect(core.encrypt(await keyring(), 'x')).rejects.toThrow(/GetItem/);
    } finally {
      local.setFault(REGION, { mode: 'none' });
    }
    const failed = (await sdk.spans()).filter((s) => s.name === 'DynamoDB.GetItem');
    expect(failed.length).toBeGreaterThan(0);
    for (const s of failed) {
      expect(s.status.code).toBe(SpanStatusCode.ERROR);
      expect(s.attributes['error.type']).toBeTruthy();
    }
  });
});
