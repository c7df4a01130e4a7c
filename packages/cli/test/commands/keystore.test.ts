// `envelope keystore create-table|create-key|version-key` against kms-local (KMS and DynamoDB over
// HTTP); the config's hierarchical keyring then encrypts and decrypts with the key it made.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { startKmsLocal, type KmsLocal } from '@envelope/kms-local';
import { runAsync, workspace } from '../helpers.js';

const REGION = 'us-east-1';
const ws = workspace('keystore');
let local: KmsLocal;

beforeAll(async () => {
  local = await startKmsLocal({ regions: [REGION] });
  const kms = new KMSClient({ region: REGION, endpoint: local.endpoints[REGION], credentials: local.credentials });
  const arn = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
  kms.destroy();
  ws.write('h.json', JSON.stringify({
    localRegion: REGION,
    kms: { endpoints: local.endpoints, credentials: local.credentials },
    keyring: { type: 'hierarchical', tableName: 'cli-branch-keys', kmsKeyArn: arn, branchKeyId: 'cli-tenant', cacheTtlSeconds: 60 },
  }));
});
afterAll(() => local.close());

const json = (r: { stdout: Buffer }): Record<string, unknown> => JSON.parse(r.stdout.toString()) as Record<string, unknown>;

describe('envelope keystore', () => {
  it('create-table (twice), create-key (a second time: exit 1)', async () => {
    for (let i = 0; i < 2; i++) {
      const t = await runAsync(ws.dir, ['keystore', 'create-table', '--config', 'h.json']);
      expect(t.stderr).toBe('');
      expect(t.status).toBe(0);
      expect(json(t)).toEqual({ tableName: 'cli-branch-keys', regions: [REGION] });
    }
    const k = await runAsync(ws.dir, ['keystore', 'create-key', '--config', 'h.json']);
    expect(k.status).toBe(0);
    expect(json(k)).toEqual({ tableName: 'cli-branch-keys', branchKeyId: 'cli-tenant' });
    expect((await runAsync(ws.dir, ['keystore', 'create-key', '--config', 'h.json'])).status).toBe(1); // exists
  });

  it('the config encrypts and decrypts with that key; after version-key, old and new messages open', async () => {
    ws.write('plain.txt', 'hierarchical from the CLI');
    expect((await runAsync(ws.dir, ['encrypt', '--config', 'h.json', '-i', 'plain.txt', '-o', 'old.envelope'])).status).toBe(0);
    const v = await runAsync(ws.dir, ['keystore', 'version-key', '--config', 'h.json']);
    expect(v.status).toBe(0);
    expect(json(v)).toMatchObject({ branchKeyId: 'cli-tenant', versioned: true });
    expect((await runAsync(ws.dir, ['encrypt', '--config', 'h.json', '-i', 'plain.txt', '-o', 'new.envelope'])).status).toBe(0);
    for (const m of ['old', 'new']) {
      const d = await runAsync(ws.dir, ['decrypt', '--config', 'h.json', '-i', `${m}.envelope`, '-o', '-']);
      expect(d.status).toBe(0);
      expect(d.stdout.toString()).toBe('hierarchical from the CLI');
    }
    const other = await runAsync(ws.dir, ['keystore', 'create-key', '--config', 'h.json', '--branch-key-id', 'second']);
    expect(json(other)).toMatchObject({ branchKeyId: 'second' });
  });

  it('usage errors exit 2: an unknown op, no config, a config without a hierarchical keyring', async () => {
    expect((await runAsync(ws.dir, ['keystore', 'drop-table', '--config', 'h.json'])).status).toBe(2);
    expect((await runAsync(ws.dir, ['keystore', 'create-table'])).status).toBe(2);
    const r = await runAsync(ws.dir, ['keystore', 'create-table', '--config', 'aes.json']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no keyring of type "hierarchical"/);
  });
});
