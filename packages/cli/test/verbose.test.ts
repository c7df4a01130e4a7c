// Issue 17 item 5: --verbose prints one line per KMS call on stderr, from the in-process listener
// (no OpenTelemetry SDK involved), and the lines match kms-local's request log one to one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKmsLocal, createMultiRegionKey, type KmsLocal, type RequestLogEntry } from '@envelope/kms-local';
import { kmsCallLine } from '../src/verbose.js';
import { runAsync, workspace } from './helpers.js';

const REGIONS = ['us-east-1', 'eu-west-1'];
const ws = workspace('verbose');
let local: KmsLocal;

beforeAll(async () => {
  local = await startKmsLocal({ regions: REGIONS });
  await createMultiRegionKey(local, { primaryRegion: REGIONS[0]!, replicaRegions: REGIONS.slice(1), alias: 'alias/verbose' });
  ws.write('cfg.json', JSON.stringify({ localRegion: REGIONS[0], kms: { endpoints: local.endpoints, credentials: local.credentials }, keyring: { type: 'aws-kms', keyId: 'alias/verbose', regions: REGIONS } }));
  ws.write('in', 'said out loud');
});
afterAll(() => local.close());

const logged = async () =>
  (await Promise.all(REGIONS.map(async (r) => ((await (await fetch(`${local.endpoints[r]}/__admin/requests`)).json()) as RequestLogEntry[]).map((e) => `${e.operation} ${r}`)))).flat().sort();

describe('envelope --verbose', () => {
  it('encrypt --verbose: one stderr line per KMS/STS request kms-local received, naming method, region and outcome', async () => {
    for (const r of REGIONS) await fetch(`${local.endpoints[r]}/__admin/requests`, { method: 'DELETE', headers: { 'content-type': 'application/json' } });
    const e = await runAsync(ws.dir, ['encrypt', '--config', 'cfg.json', '-i', 'in', '-o', 'in.env', '--verbose']);
    expect(e.status).toBe(0);
    const lines = e.stderr.trim().split('\n');
    expect(lines.every((l) => /^envelope: (KMS|STS) \w+ [a-z0-9-]+ .*\b(ok|refused|unavailable|throttled|timeout|cancelled)\b.* \d+ ms$/.test(l))).toBe(true);
    expect(lines.map((l) => l.split(' ').slice(2, 4).join(' ')).sort()).toEqual(await logged());
    const quiet = await runAsync(ws.dir, ['decrypt', '--config', 'cfg.json', '-i', 'in.env']);
    expect(quiet.status).toBe(0);
    expect(quiet.stderr).not.toMatch(/envelope: (KMS|STS) /);
    const loud = await runAsync(ws.dir, ['-v', 'decrypt', '--config', 'cfg.json', '-i', 'in.env']);
    expect(loud.stdout.toString()).toBe('said out loud');
    expect(loud.stderr).toMatch(/^envelope: KMS Decrypt (us-east-1|eu-west-1) alias\/verbose ok \d+ ms$/m);
  });

  it('the line escapes terminal control characters and names the error type of a failure', () => {
    expect(kmsCallLine({ service: 'KMS', method: 'Decrypt', region: 'eu-west-1', keyId: 'alias/\u001b[31mred', outcome: 'timeout', errorType: 'TimeoutError', durationMs: 2000.4 })).not.toContain('\u001b');
    expect(kmsCallLine({ service: 'KMS', method: 'Decrypt', region: 'eu-west-1', keyId: 'k', outcome: 'throttled', errorType: 'ThrottlingException', durationMs: 12.6 })).toBe('envelope: KMS Decrypt eu-west-1 k throttled (ThrottlingException) 13 ms');
  });
});
