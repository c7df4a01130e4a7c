// kms-local through the real @aws-sdk/client-kms and client-sts, endpoint override + explicit credentials.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  KMSClient, CreateKeyCommand, DescribeKeyCommand, ListKeysCommand, CreateAliasCommand, ListAliasesCommand,
  ReplicateKeyCommand, EncryptCommand, DecryptCommand, ReEncryptCommand, GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand, EnableKeyCommand, DisableKeyCommand, ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startKmsLocal, createMultiRegionKey, waitForReplica, type KmsLocal } from '@envelope/kms-local';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
let local: KmsLocal;
const clients: KMSClient[] = [];
function kms(region = 'us-east-1', extra: Partial<ConstructorParameters<typeof KMSClient>[0]> = {}): KMSClient {
  const c = new KMSClient({ region, endpoint: local.endpoints[region], credentials: local.credentials, maxAttempts: 1, ...extra });
  clients.push(c);
  return c;
}
async function errorName(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    return (e as Error).name;
  }
}

beforeAll(async () => {
  local = await startKmsLocal({ regions: REGIONS, port: 0, stateDir: mkdtempSync(path.join(tmpdir(), 'kms-local-test-')) });
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await local.close();
});

describe('key operations', () => {
  it('creates, describes, lists, aliases, and resolves ids, ARNs, aliases and alias ARNs', async () => {
    const c = kms();
    const { KeyMetadata } = await c.send(new CreateKeyCommand({ Description: 'test' }));
    expect(KeyMetadata?.KeyId).toMatch(/^[0-9a-f-]{36}$/);
    expect(KeyMetadata?.Arn).toBe(`arn:aws:kms:us-east-1:${local.accountId}:key/${KeyMetadata?.KeyId}`);
    expect(KeyMetadata?.KeyState).toBe('Enabled');
    const keys = await c.send(new ListKeysCommand({}));
    expect(keys.Keys?.map((k) => k.KeyId)).toContain(KeyMetadata?.KeyId);
    await c.send(new CreateAliasCommand({ AliasName: 'alias/ops', TargetKeyId: KeyMetadata!.KeyId }));
    expect(await errorName(c.send(new CreateAliasCommand({ AliasName: 'alias/ops', TargetKeyId: KeyMetadata!.KeyId })))).toBe('AlreadyExistsException');
    const aliases = await c.send(new ListAliasesCommand({ KeyId: KeyMetadata!.KeyId }));
    expect(aliases.Aliases?.map((a) => a.AliasName)).toEqual(['alias/ops']);
    for (const ref of [KeyMetadata!.KeyId!, KeyMetadata!.Arn!, 'alias/ops', `arn:aws:kms:us-east-1:${local.accountId}:alias/ops`]) {
      const d = await c.send(new DescribeKeyCommand({ KeyId: ref }));
      expect(d.KeyMetadata?.KeyId).toBe(KeyMetadata?.KeyId);
    }
    expect(await errorName(c.send(new DescribeKeyCommand({ KeyId: 'alias/none' })))).toBe('NotFoundException');
    expect(await errorName(c.send(new DescribeKeyCommand({ KeyId: KeyMetadata!.Arn!.replace('us-east-1', 'eu-west-1') })))).toBe('NotFoundException');
  });

  it('encrypts, decrypts with and without KeyId, re-encrypts, and generates data keys', async () => {
    const c = kms();
    const a = (await c.send(new CreateKeyCommand({}))).KeyMetadata!;
    const b = (await c.send(new CreateKeyCommand({}))).KeyMetadata!;
    const ec = { purpose: 'test', 'ü': 'ß' };
    const enc = await c.send(new EncryptCommand({ KeyId: a.KeyId, Plaintext: Buffer.from('secret'), EncryptionContext: ec }));
    expect(enc.KeyId).toBe(a.Arn);
    const dec = await c.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: ec }));
    expect(Buffer.from(dec.Plaintext!).toString()).toBe('secret');
    expect(dec.KeyId).toBe(a.Arn);
    expect(await errorName(c.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: ec, KeyId: b.KeyId })))).toBe('IncorrectKeyException');
    expect(await errorName(c.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { purpose: 'other' } })))).toBe('InvalidCiphertextException');
    const re = await c.send(new ReEncryptCommand({ CiphertextBlob: enc.CiphertextBlob, SourceEncryptionContext: ec, DestinationKeyId: b.Arn }));
    expect(re.SourceKeyId).toBe(a.Arn);
    expect(re.KeyId).toBe(b.Arn);
    expect(Buffer.from((await c.send(new DecryptCommand({ CiphertextBlob: re.CiphertextBlob, KeyId: b.KeyId }))).Plaintext!).toString()).toBe('secret');
    const g = await c.send(new GenerateDataKeyCommand({ KeyId: a.KeyId, KeySpec: 'AES_256' }));
    expect(g.Plaintext?.length).toBe(32);
    expect(Buffer.from((await c.send(new DecryptCommand({ CiphertextBlob: g.CiphertextBlob }))).Plaintext!).equals(Buffer.from(g.Plaintext!))).toBe(true);
    const g2 = await c.send(new GenerateDataKeyCommand({ KeyId: a.KeyId, NumberOfBytes: 24 }));
    expect(g2.Plaintext?.length).toBe(24);
    const w = await c.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: a.KeyId, KeySpec: 'AES_128' }));
    expect(w).not.toHaveProperty('Plaintext');
    expect((await c.send(new DecryptCommand({ CiphertextBlob: w.CiphertextBlob }))).Plaintext?.length).toBe(16);
    expect(await errorName(c.send(new GenerateDataKeyCommand({ KeyId: a.KeyId })))).toBe('ValidationException');
  });

  it('collision-free encryption context binding', async () => {
    const c = kms();
    const k = (await c.send(new CreateKeyCommand({}))).KeyMetadata!;
    const enc = await c.send(new EncryptCommand({ KeyId: k.KeyId, Plaintext: Buffer.from('x'), EncryptionContext: { a: 'b', c: '' } }));
    expect(await errorName(c.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { a: 'bc' } })))).toBe('InvalidCiphertextException');
  });

  it('disable, enable and scheduled deletion change what the key may do', async () => {
    const c = kms();
    const k = (await c.send(new CreateKeyCommand({}))).KeyMetadata!;
    await c.send(new DisableKeyCommand({ KeyId: k.KeyId }));
    expect(await errorName(c.send(new GenerateDataKeyCommand({ KeyId: k.KeyId, KeySpec: 'AES_256' })))).toBe('DisabledException');
    await c.send(new EnableKeyCommand({ KeyId: k.KeyId }));
    const enc = await c.send(new EncryptCommand({ KeyId: k.KeyId, Plaintext: Buffer.from('x') }));
    const del = await c.send(new ScheduleKeyDeletionCommand({ KeyId: k.KeyId, PendingWindowInDays: 7 }));
    expect(del.KeyState).toBe('PendingDeletion');
    expect(await errorName(c.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob })))).toBe('KMSInvalidStateException');
    expect(await errorName(c.send(new EnableKeyCommand({ KeyId: k.KeyId })))).toBe('KMSInvalidStateException');
  });

  it('unknown operations are refused with 400', async () => {
    const res = await fetch(local.endpoints['us-east-1']!, { method: 'POST', headers: { 'x-amz-target': 'TrentService.Nope', 'content-type': 'application/x-amz-json-1.1' }, body: '{}' });
    expect(res.status).toBe(400);
  });
});

describe('multi-region keys', () => {
  it('a replica in another region opens what the primary sealed, and the alias resolves in each region', async () => {
    const mrk = await createMultiRegionKey(local, { primaryRegion: 'us-east-1', replicaRegions: ['eu-west-1', 'ap-southeast-2'], alias: 'alias/mrk-test' });
    expect(mrk.keyId).toMatch(/^mrk-/);
    const enc = await kms('us-east-1').send(new EncryptCommand({ KeyId: 'alias/mrk-test', Plaintext: Buffer.from('across'), EncryptionContext: { r: '1' } }));
    for (const region of ['eu-west-1', 'ap-southeast-2']) {
      const dec = await kms(region).send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, KeyId: mrk.aliasArns[region], EncryptionContext: { r: '1' } }));
      expect(Buffer.from(dec.Plaintext!).toString()).toBe('across');
      expect(dec.KeyId).toBe(mrk.arns[region]);
    }
    const d = await kms('eu-west-1').send(new DescribeKeyCommand({ KeyId: mrk.keyId }));
    expect(d.KeyMetadata?.MultiRegionConfiguration?.MultiRegionKeyType).toBe('REPLICA');
    expect(await errorName(kms('eu-west-1').send(new ReplicateKeyCommand({ KeyId: mrk.keyId, ReplicaRegion: 'us-east-1' })))).toBe('UnsupportedOperationException');
  });
  it('a replica is Creating (Enabled false) until its delay passed; waitForReplica polls DescribeKey', async () => {
    const slow = await startKmsLocal({ regions: ['us-east-1', 'eu-west-1'], replicaDelayMs: 1500 });
    const c = (region: string): KMSClient => {
      const k = new KMSClient({ region, endpoint: slow.endpoints[region], credentials: slow.credentials, maxAttempts: 1 });
      clients.push(k);
      return k;
    };
    try {
      const p = (await c('us-east-1').send(new CreateKeyCommand({ MultiRegion: true, Description: 'primary' }))).KeyMetadata!;
      const r = await c('us-east-1').send(new ReplicateKeyCommand({ KeyId: p.Arn, ReplicaRegion: 'eu-west-1' }));
      expect(r.ReplicaKeyMetadata?.KeyState).toBe('Creating');
      expect(r.ReplicaKeyMetadata?.Enabled).toBe(false);
      expect(r.ReplicaKeyMetadata?.Description).toBe('');
      expect(JSON.parse(r.ReplicaPolicy!).Id).toBe('key-default-1');
      expect(await errorName(c('eu-west-1').send(new GenerateDataKeyCommand({ KeyId: p.KeyId, KeySpec: 'AES_256' })))).toBe('KMSInvalidStateException');
      const md = await waitForReplica(c('eu-west-1'), p.KeyId!, { intervalMs: 50 });
      expect(md.KeyState).toBe('Enabled');
      expect(md.CurrentKeyMaterialId).toBe(p.CurrentKeyMaterialId);
      expect((await c('eu-west-1').send(new GenerateDataKeyCommand({ KeyId: p.KeyId, KeySpec: 'AES_256' }))).Plaintext?.length).toBe(32);
    } finally {
      await slow.close();
    }
  });
  it('a single-region key does not open in another region', async () => {
    const k = (await kms('us-east-1').send(new CreateKeyCommand({}))).KeyMetadata!;
    const enc = await kms('us-east-1').send(new EncryptCommand({ KeyId: k.KeyId, Plaintext: Buffer.from('x') }));
    expect(await errorName(kms('eu-west-1').send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob })))).toBe('InvalidCiphertextException');
  });
});

describe('authentication', () => {
  it('refuses a wrong secret, an unknown access key and a wrong region scope', async () => {
    const wrongSecret = new KMSClient({ region: 'us-east-1', endpoint: local.endpoints['us-east-1'], credentials: { ...local.credentials, secretAccessKey: 'wrong' }, maxAttempts: 1 });
    const unknownKey = new KMSClient({ region: 'us-east-1', endpoint: local.endpoints['us-east-1'], credentials: { accessKeyId: 'AKIAOTHER', secretAccessKey: 'x' }, maxAttempts: 1 });
    const wrongRegion = new KMSClient({ region: 'eu-west-1', endpoint: local.endpoints['us-east-1'], credentials: local.credentials, maxAttempts: 1 });
    clients.push(wrongSecret, unknownKey, wrongRegion);
    expect(await errorName(wrongSecret.send(new ListKeysCommand({})))).toBe('InvalidSignatureException');
    expect(await errorName(unknownKey.send(new ListKeysCommand({})))).toBe('UnrecognizedClientException');
    expect(await errorName(wrongRegion.send(new ListKeysCommand({})))).toBe('InvalidSignatureException');
    const unsigned = await fetch(local.endpoints['us-east-1']!, { method: 'POST', headers: { 'x-amz-target': 'TrentService.ListKeys', 'content-type': 'application/x-amz-json-1.1' }, body: '{}' });
    expect(unsigned.status).toBe(400);
    expect(((await unsigned.json()) as { __type: string }).__type).toBe('MissingAuthenticationTokenException');
  });
  it('answers STS GetCallerIdentity with the configured account', async () => {
    const sts = new STSClient({ region: 'eu-west-1', endpoint: local.endpoints['eu-west-1'], credentials: local.credentials, maxAttempts: 1 });
    const id = await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
    expect(id.Account).toBe(local.accountId);
  });
});

describe('faults', () => {
  it('down, error and throttle look like AWS failures, with the client retries in the log', async () => {
    const region = 'ap-southeast-2';
    const c = kms(region, { maxAttempts: 3, retryStrategy: undefined });
    for (const [mode, name] of [['error', 'KMSInternalException'], ['throttle', 'ThrottlingException']] as const) {
      local.setFault(region, { mode });
      local.clearRequests(region);
      expect(await errorName(c.send(new ListKeysCommand({})))).toBe(name);
      expect(local.requests(region).filter((r) => r.operation === 'ListKeys').length).toBe(3);
    }
    local.setFault(region, { mode: 'down' });
    local.clearRequests(region);
    expect(await errorName(kms(region).send(new ListKeysCommand({})))).not.toBe('no error');
    expect(local.requests(region)[0]?.status).toBe('dropped');
    local.setFault(region, { mode: 'none' });
    expect((await kms(region).send(new ListKeysCommand({}))).Keys).toBeDefined();
  });
  it('hang is bounded by the caller deadline; latency delays the answer', async () => {
    const region = 'eu-west-1';
    local.setFault(region, { mode: 'hang' });
    const c = kms(region);
    const t0 = Date.now();
    expect(await errorName(c.send(new ListKeysCommand({}), { abortSignal: AbortSignal.timeout(300) }))).not.toBe('no error');
    expect(local.requests(region).at(-1)?.status).toBe('hung');
    expect(Date.now() - t0).toBeLessThan(10_000);
    local.setFault(region, { mode: 'latency', ms: 200 });
    local.clearRequests(region);
    await kms(region).send(new ListKeysCommand({}));
    const [e] = local.requests(region);
    expect(e!.endTime! - e!.time).toBeGreaterThanOrEqual(190);
    local.setFault(region, { mode: 'none' });
  });
  it('the admin routes set faults and list requests over HTTP', async () => {
    const ep = local.endpoints['us-east-1']!;
    const json = { 'content-type': 'application/json' };
    expect((await fetch(`${ep}/__admin/fault`, { method: 'POST', headers: json, body: JSON.stringify({ mode: 'throttle' }) })).ok).toBe(true);
    expect(await errorName(kms('us-east-1').send(new ListKeysCommand({})))).toBe('ThrottlingException');
    await fetch(`${ep}/__admin/fault`, { method: 'POST', headers: json, body: JSON.stringify({ mode: 'none' }) });
    const log = (await (await fetch(`${ep}/__admin/requests`)).json()) as { operation: string; status: number }[];
    expect(log.some((e) => e.operation === 'ListKeys' && e.status === 400)).toBe(true);
  });
});

describe('state and load', () => {
  it('a restarted server still decrypts what it encrypted', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kms-local-restart-'));
    const a = await startKmsLocal({ regions: ['us-west-2'], stateDir: dir });
    const ca = new KMSClient({ region: 'us-west-2', endpoint: a.endpoints['us-west-2'], credentials: a.credentials });
    const k = (await ca.send(new CreateKeyCommand({}))).KeyMetadata!;
    const enc = await ca.send(new EncryptCommand({ KeyId: k.KeyId, Plaintext: Buffer.from('persist') }));
    ca.destroy();
    await a.close();
    const b = await startKmsLocal({ regions: ['us-west-2'], stateDir: dir });
    const cb = new KMSClient({ region: 'us-west-2', endpoint: b.endpoints['us-west-2'], credentials: b.credentials });
    const dec = await cb.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob }));
    cb.destroy();
    await b.close();
    expect(Buffer.from(dec.Plaintext!).toString()).toBe('persist');
  });
  it('1,000 concurrent GenerateDataKey + Decrypt pairs complete without error', async () => {
    const c = kms('us-east-1', { maxAttempts: 1 });
    const k = (await c.send(new CreateKeyCommand({}))).KeyMetadata!;
    const results = await Promise.all(
      Array.from({ length: 1000 }, async () => {
        const g = await c.send(new GenerateDataKeyCommand({ KeyId: k.KeyId, KeySpec: 'AES_256' }));
        const d = await c.send(new DecryptCommand({ CiphertextBlob: g.CiphertextBlob, KeyId: k.Arn }));
        return Buffer.from(d.Plaintext!).equals(Buffer.from(g.Plaintext!));
      }),
    );
    expect(results.every(Boolean)).toBe(true);
  });
});
