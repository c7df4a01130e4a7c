// Issue 29 item 6: encrypt onto an existing output is refused before any key is loaded or any
// KMS/STS request is made (kms-local's request log stays empty), and a pipeline whose KMS work
// fails ends with its exit code and one line, never an unhandled 'error' event and a stack trace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMultiRegionKey, startKmsLocal, type KmsLocal } from '@envelope/kms-local';
import { runAsync, workspace } from '../helpers.js';

const REGIONS = ['us-east-1', 'eu-west-1'];
const ws = workspace('refusals');
let local: KmsLocal;

beforeAll(async () => {
  local = await startKmsLocal({ regions: REGIONS, port: 0 });
  const key = await createMultiRegionKey(local, { primaryRegion: REGIONS[0]!, replicaRegions: REGIONS.slice(1), alias: 'alias/app' });
  const kms = { endpoints: local.endpoints, credentials: local.credentials };
  ws.write('kms.json', JSON.stringify({ localRegion: REGIONS[0], kms, keyring: { type: 'aws-kms', keyId: 'alias/app', regions: REGIONS } }));
  // ARNs: no STS lookup, so the KMS calls themselves are what fails below.
  ws.write('arns.json', JSON.stringify({ kms, keyring: { type: 'aws-kms', generatorKeyId: key.arns[REGIONS[0]!], keyIds: [key.arns[REGIONS[1]!]] } }));
  ws.write('p', 'plaintext');
});
afterAll(() => local?.close());

/** kms-local's request log of every region, read through its admin route. */
async function requestLog(): Promise<unknown[]> {
  const all: unknown[] = [];
  for (const endpoint of Object.values(local.endpoints)) {
    const r = await fetch(`${endpoint}/__admin/requests`, { headers: { 'content-type': 'application/json' } });
    all.push(...((await r.json()) as unknown[]));
  }
  return all;
}

describe('encrypt onto an existing output', () => {
  it('exits 2 naming --force, with no KMS or STS request made', async () => {
    ws.write('exists.envelope', 'an earlier output');
    local.clearRequests();
    const r = await runAsync(ws.dir, ['encrypt', '--config', 'kms.json', '-i', 'p', '-o', 'exists.envelope']);
    expect(r.stderr).toBe('envelope: exists.envelope exists (use --force to overwrite)\n');
    expect(r.status).toBe(2);
    expect(await requestLog()).toEqual([]);
  });
  it('the same for decrypt, and for a missing input or output directory', async () => {
    local.clearRequests();
    const d = await runAsync(ws.dir, ['decrypt', '--config', 'kms.json', '-i', 'p', '-o', 'exists.envelope']);
    expect(d.status).toBe(2);
    const i = await runAsync(ws.dir, ['encrypt', '--config', 'kms.json', '-i', 'missing', '-o', 'x.envelope']);
    expect(i.stderr).toBe('envelope: -i missing: no such file or directory\n');
    expect(i.status).toBe(2);
    const o = await runAsync(ws.dir, ['encrypt', '--config', 'kms.json', '-i', 'p', '-o', 'no/such/dir/x.envelope']);
    expect(o.stderr).toMatch(/^envelope: -o no\/such\/dir\/x\.envelope: directory .*no\/such\/dir: no such file or directory\n$/);
    expect(o.stderr).not.toMatch(/envelope-tmp/);
    expect(o.status).toBe(2);
    expect(await requestLog()).toEqual([]);
  });
  it('a pipeline whose KMS work fails ends with one message and its exit code', async () => {
    for (const region of REGIONS) local.setFault(region, { mode: 'error' });
    try {
      const r = await runAsync(ws.dir, ['encrypt', '--config', 'arns.json', '-i', 'p', '-o', 'new.envelope']);
      expect(r.stderr).toMatch(/^envelope: /);
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).not.toMatch(/Unhandled|\n\s+at /);
    } finally {
      for (const region of REGIONS) local.setFault(region, { mode: 'none' });
    }
  });
});
