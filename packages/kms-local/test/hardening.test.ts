// Regression tests of the security review of kms-local (issue 14, items 14 and 15): prototype-named
// key ids, oversized and malformed bodies, admin routes, unsigned payloads, state-file temp names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import {
  KMSClient, CreateKeyCommand, CreateAliasCommand, DescribeKeyCommand, DisableKeyCommand, EnableKeyCommand, EncryptCommand,
  ScheduleKeyDeletionCommand, ListAliasesCommand, DecryptCommand,
} from '@aws-sdk/client-kms';
import { startKmsLocal, type KmsLocal } from '@envelope/kms-local';

const REGION = 'us-east-1';
let local: KmsLocal;
let stateDir: string;
let kms: KMSClient;
let endpoint: string;

async function errorName(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    return (e as Error).name;
  }
}

/** A KMS request signed by the real SigV4 signer, with a chosen raw body and extra headers. */
async function signed(operation: string, body: string, extra: Record<string, string> = {}, tamper?: string): Promise<{ status: number; json: { __type?: string } }> {
  const url = new URL(endpoint);
  const signer = new SignatureV4({ credentials: local.credentials, region: REGION, service: 'kms', sha256: Hash.bind(null, 'sha256') });
  const req = await signer.sign(new HttpRequest({
    method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/',
    headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${operation}`, ...extra },
    body,
  }));
  const res = await fetch(endpoint, { method: 'POST', headers: req.headers as Record<string, string>, body: tamper ?? body });
  return { status: res.status, json: (await res.json()) as { __type?: string } };
}

function raw(pathName: string, options: { method: string; headers?: Record<string, string>; body?: string }): Promise<number> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const r = request({ host: url.hostname, port: url.port, path: pathName, method: options.method, headers: options.headers ?? {} }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    r.on('error', reject);
    r.end(options.body);
  });
}

/** A request signed by the real SigV4 signer for `host` (its Host header), sent to the endpoint over node:http. */
async function signedFor(host: string, service: 'kms' | 'dynamodb' | 'sts', target: string, body: string): Promise<{ status: number; type: string | undefined }> {
  const url = new URL(endpoint);
  const [hostname, port] = [host.replace(/:\d+$/, ''), Number(host.split(':').pop())];
  const contentType = { kms: 'application/x-amz-json-1.1', dynamodb: 'application/x-amz-json-1.0', sts: 'application/x-www-form-urlencoded' }[service];
  const headers: Record<string, string> = { host, 'content-type': contentType, ...(target ? { 'x-amz-target': target } : {}) };
  const signer = new SignatureV4({ credentials: local.credentials, region: REGION, service, sha256: Hash.bind(null, 'sha256') });
  const req = await signer.sign(new HttpRequest({ method: 'POST', protocol: 'http:', hostname, port, path: '/', headers, body }));
  return new Promise((resolve, reject) => {
    const r = request({ host: url.hostname, port: url.port, path: '/', method: 'POST', headers: req.headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      // JSON for KMS and DynamoDB (`__type`), XML for STS (`<Code>`).
      const typeOf = (): string | undefined => (service === 'sts' ? /<Code>([^<]*)<\/Code>/.exec(text)?.[1] : (JSON.parse(text) as { __type?: string }).__type);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: typeOf() }));
    });
    r.on('error', reject);
    r.end(body);
  });
}

beforeAll(async () => {
  stateDir = mkdtempSync(path.join(tmpdir(), 'kms-local-hardening-'));
  local = await startKmsLocal({ regions: [REGION], stateDir });
  endpoint = local.endpoints[REGION]!;
  kms = new KMSClient({ region: REGION, endpoint, credentials: local.credentials, maxAttempts: 1 });
});
afterAll(async () => {
  kms.destroy();
  await local.close();
});

describe('key ids and alias names that are Object.prototype property names (issue 14.14)', () => {
  const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
  it('are unknown keys to every operation, and Object.prototype stays untouched', async () => {
    for (const name of NAMES) {
      for (const id of [name, `arn:aws:kms:${REGION}:${local.accountId}:key/${name}`]) {
        expect(await errorName(kms.send(new DisableKeyCommand({ KeyId: id })))).toBe('NotFoundException');
        expect(await errorName(kms.send(new EnableKeyCommand({ KeyId: id })))).toBe('NotFoundException');
        expect(await errorName(kms.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 7 })))).toBe('NotFoundException');
        expect(await errorName(kms.send(new DescribeKeyCommand({ KeyId: id })))).toBe('NotFoundException');
        expect(await errorName(kms.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('x') })))).toBe('NotFoundException');
        expect(await errorName(kms.send(new CreateAliasCommand({ AliasName: 'alias/proto-test', TargetKeyId: id })))).toBe('NotFoundException');
        expect(await errorName(kms.send(new ListAliasesCommand({ KeyId: id })))).toBe('NotFoundException');
      }
      expect(await errorName(kms.send(new DescribeKeyCommand({ KeyId: `alias/${name}` })))).toBe('NotFoundException');
    }
    expect(Object.prototype).not.toHaveProperty('state');
    expect(Object.prototype).not.toHaveProperty('deletionDate');
    const fresh = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    expect(fresh.KeyState).toBe('Enabled');
    expect(fresh.DeletionDate).toBeUndefined();
  });
  it('an alias named after a prototype property works like any other', async () => {
    const k = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/constructor', TargetKeyId: k.KeyId }));
    expect((await kms.send(new DescribeKeyCommand({ KeyId: 'alias/constructor' }))).KeyMetadata?.KeyId).toBe(k.KeyId);
  });
  it('an operation named after a prototype property is unknown', async () => {
    for (const op of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const r = await signed(op, '{}');
      expect([r.status, r.json.__type]).toEqual([400, 'UnknownOperationException']);
    }
  });
  it('a raw body {"KeyId":"__proto__"} is an unknown key, and a __proto__ member is ignored', async () => {
    expect((await signed('DisableKey', '{"KeyId":"__proto__"}')).json.__type).toBe('NotFoundException');
    expect((await signed('DescribeKey', '{"__proto__":{"KeyId":"x"}}')).json.__type).toBe('ValidationException');
  });
});

describe('request bodies (issue 14.15)', () => {
  it('a body over 1 MiB gets an AWS-shaped 413, not a dropped connection', async () => {
    const res = await fetch(endpoint, { method: 'POST', headers: { 'x-amz-target': 'TrentService.Encrypt', 'content-type': 'application/x-amz-json-1.1' }, body: 'x'.repeat(1024 * 1024 + 10) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { __type: string }).__type).toBe('RequestEntityTooLargeException');
    expect(local.requests(REGION).at(-1)).toMatchObject({ operation: 'Encrypt', status: 413 });
  });
  it('through the real client too', async () => {
    const k = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const huge = { big: 'y'.repeat(1024 * 1024 + 1) };
    expect(await errorName(kms.send(new EncryptCommand({ KeyId: k.KeyId, Plaintext: Buffer.from('x'), EncryptionContext: huge })))).toBe('RequestEntityTooLargeException');
    expect((await kms.send(new DescribeKeyCommand({ KeyId: k.KeyId }))).KeyMetadata?.KeyId).toBe(k.KeyId);
  });
  it('malformed JSON, a non-object, and a member of the wrong type are SerializationException', async () => {
    for (const body of ['{"KeyId":', '[1,2]', '"text"', '{"KeyId": 5}', '{"CiphertextBlob": "not base64!"}']) {
      const op = body.includes('Ciphertext') ? 'Decrypt' : 'DescribeKey';
      const r = await signed(op, body);
      expect([r.status, r.json.__type]).toEqual([400, 'SerializationException']);
    }
  });
});

describe('SigV4 covers the body (issue 14.15)', () => {
  it('UNSIGNED-PAYLOAD is refused', async () => {
    const r = await signed('ListKeys', '{}', { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' });
    expect([r.status, r.json.__type]).toEqual([400, 'InvalidSignatureException']);
  });
  it('a body changed after signing is refused, with or without a content hash header', async () => {
    const k = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const body = JSON.stringify({ KeyId: k.KeyId });
    expect((await signed('DescribeKey', body)).status).toBe(200);
    expect((await signed('DisableKey', body, {}, JSON.stringify({ KeyId: k.Arn }))).json.__type).toBe('InvalidSignatureException');
    expect((await kms.send(new DescribeKeyCommand({ KeyId: k.KeyId }))).KeyMetadata?.KeyState).toBe('Enabled');
  });
});

describe('admin routes (issue 14.15)', () => {
  const json = { 'content-type': 'application/json' };
  it('take application/json from the same origin', async () => {
    const res = await fetch(`${endpoint}/__admin/fault`, { method: 'POST', headers: json, body: '{"mode":"none"}' });
    expect(res.status).toBe(200);
    expect((await fetch(`${endpoint}/__admin/requests`)).status).toBe(200);
    expect((await fetch(`${endpoint}/__admin/requests`, { headers: { origin: endpoint } })).status).toBe(200);
  });
  it('refuse a form-encodable content type (what a cross-site form could send)', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await fetch(`${endpoint}/__admin/fault`, { method: 'POST', headers: { 'content-type': type }, body: '{"mode":"down"}' });
      expect(res.status).toBe(415);
    }
    expect(local.requests().length).toBeGreaterThanOrEqual(0);
    expect((await kms.send(new CreateKeyCommand({}))).KeyMetadata?.KeyState).toBe('Enabled');
  });
  it('refuse a cross-site Origin or Sec-Fetch-Site, and a non-loopback Host', async () => {
    expect((await fetch(`${endpoint}/__admin/fault`, { method: 'POST', headers: { ...json, origin: 'http://evil.example' }, body: '{"mode":"down"}' })).status).toBe(403);
    expect((await fetch(`${endpoint}/__admin/requests`, { headers: { origin: 'http://evil.example' } })).status).toBe(403);
    expect((await fetch(`${endpoint}/__admin/requests`, { method: 'DELETE', headers: { ...json, 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    expect(await raw('/__admin/requests', { method: 'GET', headers: { host: 'evil.example:80' } })).toBe(403);
    expect((await kms.send(new CreateKeyCommand({}))).KeyMetadata?.KeyState).toBe('Enabled');
  });
});

const STS_BODY = 'Action=GetCallerIdentity&Version=2011-06-15';

describe('the AWS routes and DNS rebinding', () => {
  it('answer a request addressed to a loopback name, and refuse one signed for another Host (a page whose name rebinds to 127.0.0.1)', async () => {
    const port = new URL(endpoint).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      expect((await signedFor(host, 'kms', 'TrentService.ListKeys', '{}')).status).toBe(200);
      expect((await signedFor(host, 'dynamodb', 'DynamoDB_20120810.DescribeTable', '{"TableName":"none"}')).type).toMatch(/ResourceNotFoundException$/);
      expect((await signedFor(host, 'sts', '', STS_BODY)).status).toBe(200);
    }
    for (const host of [`evil.example:${port}`, `127.0.0.1.evil.example:${port}`]) {
      expect(await signedFor(host, 'kms', 'TrentService.ListKeys', '{}')).toEqual({ status: 400, type: 'UnrecognizedClientException' });
      const d = await signedFor(host, 'dynamodb', 'DynamoDB_20120810.DescribeTable', '{"TableName":"none"}');
      expect(d.status).toBe(400);
      expect(d.type).toMatch(/UnrecognizedClientException$/);
      expect(await signedFor(host, 'sts', '', STS_BODY)).toEqual({ status: 403, type: 'InvalidClientTokenId' });
    }
  });
});

describe('state file (issue 14.15)', () => {
  it('is written through exclusively created, unpredictable temp names: a planted link is never followed', async () => {
    const victim = path.join(mkdtempSync(path.join(tmpdir(), 'kms-local-victim-')), 'victim');
    writeFileSync(victim, 'untouched');
    const file = path.join(stateDir, 'kms-local-state.json');
    // The name the old writer used, planted as a link to a file the attacker wants overwritten.
    symlinkSync(victim, `${file}.${process.pid}.tmp`);
    const k = (await kms.send(new CreateKeyCommand({ Description: 'after the plant' }))).KeyMetadata!;
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
    expect(readFileSync(file, 'utf8')).toContain(k.KeyId);
    const leftovers = readdirSync(stateDir).filter((f) => f.endsWith('.tmp') && f !== `kms-local-state.json.${process.pid}.tmp`);
    expect(leftovers).toEqual([]);
    expect(existsSync(file)).toBe(true);
    const enc = await kms.send(new EncryptCommand({ KeyId: k.KeyId, Plaintext: Buffer.from('kept') }));
    expect(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob }))).Plaintext!).toString()).toBe('kept');
  });
});
