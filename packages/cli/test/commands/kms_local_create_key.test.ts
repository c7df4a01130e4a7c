// Issue 19 item 4: `envelope kms-local create-key` against a running kms-local, through the real
// @aws-sdk/client-kms; a config using the alias then encrypts and decrypts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKmsLocal, type KmsLocal } from '@envelope/kms-local';
import { runAsync, workspace } from '../helpers.js';

const REGIONS = ['us-east-1', 'eu-west-1'];
const ws = workspace('create-key');
let local: KmsLocal;
let port = 0;

beforeAll(async () => {
  // create-key addresses region i at port + i, as `kms-local start --port P` serves them.
  for (let attempt = 0; attempt < 20 && !local; attempt++) {
    const p = 20_000 + Math.floor(Math.random() * 40_000);
    try {
      local = await startKmsLocal({ regions: REGIONS, port: p });
      port = p;
    } catch {
      // taken: another port
    }
  }
  expect(port).toBeGreaterThan(0);
});
afterAll(() => local?.close());

const config = (): object => ({
  localRegion: REGIONS[0],
  kms: { endpoints: local.endpoints, credentials: local.credentials },
  keyring: { type: 'aws-kms', keyId: 'alias/app', regions: REGIONS },
});

describe('envelope kms-local create-key', () => {
  it('--multi-region --alias app prints an ARN per region, and a config using alias/app encrypts (acceptance)', async () => {
    const r = await runAsync(ws.dir, ['kms-local', 'create-key', '--port', String(port), '--regions', REGIONS.join(','), '--multi-region', '--alias', 'app']);
    expect(r.status).toBe(0);
    const arns = JSON.parse(r.stdout.toString()) as Record<string, string>;
    expect(Object.keys(arns)).toEqual(REGIONS);
    const ids = REGIONS.map((region) => {
      expect(arns[region]).toMatch(new RegExp(`^arn:aws:kms:${region}:\\d{12}:key/mrk-[0-9a-f]+$`));
      return arns[region]!.split('/')[1];
    });
    expect(new Set(ids).size).toBe(1); // one multi-region key: the primary and its replica
    ws.write('c.json', JSON.stringify(config()));
    ws.write('p', 'under alias/app');
    const e = await runAsync(ws.dir, ['encrypt', '--config', 'c.json', '-i', 'p', '-o', 'p.env']);
    expect(e.stderr).toBe('');
    expect(e.status).toBe(0);
    const inspect = JSON.parse((await runAsync(ws.dir, ['inspect', '-i', 'p.env', '--json'])).stdout.toString()) as { encryptedDataKeys: { keyId: string }[] };
    expect(inspect.encryptedDataKeys.map((k) => k.keyId).sort()).toEqual(Object.values(arns).sort());
    // The replica alone opens it: the first region down.
    local.setFault(REGIONS[0]!, { mode: 'down' });
    try {
      const d = await runAsync(ws.dir, ['decrypt', '--config', 'c.json', '-i', 'p.env', '--json']);
      expect(d.status).toBe(0);
      expect(d.stdout.toString()).toBe('under alias/app');
      expect(d.stderr).toContain(`"region":"${REGIONS[1]}"`);
    } finally {
      local.setFault(REGIONS[0]!, { mode: 'none' });
    }
  });
  it('without --multi-region: one key per region, each with the alias', async () => {
    const r = await runAsync(ws.dir, ['kms-local', 'create-key', '--port', String(port), '--regions', REGIONS.join(','), '--alias', 'alias/single']);
    expect(r.status).toBe(0);
    const arns = JSON.parse(r.stdout.toString()) as Record<string, string>;
    expect(arns[REGIONS[0]!]!.split('/')[1]).not.toBe(arns[REGIONS[1]!]!.split('/')[1]);
    ws.write('s.json', JSON.stringify({ ...config(), keyring: { type: 'aws-kms', keyId: 'alias/single', regions: REGIONS } }));
    expect((await runAsync(ws.dir, ['encrypt', '--config', 's.json', '-i', 'p', '-o', 's.env'])).status).toBe(0);
  });
  it('usage errors exit 2: no --regions, a bad region, nothing listening', async () => {
    expect((await runAsync(ws.dir, ['kms-local', 'create-key', '--port', String(port)])).status).toBe(2);
    expect((await runAsync(ws.dir, ['kms-local', 'create-key', '--port', String(port), '--regions', 'us-east-1,atlantis'])).status).toBe(2);
    const none = await runAsync(ws.dir, ['kms-local', 'create-key', '--port', '9', '--regions', 'us-east-1']);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/is kms-local start running/);
  });
  it('envelope kms-local --help shows create-key beside start', async () => {
    const r = await runAsync(ws.dir, ['kms-local', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout.toString()).toMatch(/kms-local start --regions[\s\S]*envelope kms-local create-key --port P --regions/);
  });
});
