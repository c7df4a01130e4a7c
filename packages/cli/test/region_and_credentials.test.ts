// Issue 29 items 7 and 8: region names checked against the AWS SDK's partition data with the
// closest one suggested (never "set minKeys" for a typo); missing credentials get a hint; one
// environment recipe reaches kms-local in several regions with --kms and --regions alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMultiRegionKey, startKmsLocal, type KmsLocal } from '@envelope/kms-local';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { BIN, runAsync, workspace } from './helpers.js';

const ws = workspace('regions');
ws.write('p', 'plaintext');
const REGIONS = ['us-east-1', 'eu-west-1'];
let local: KmsLocal;
/** No AWS credentials, profile or instance metadata from the machine: only what a test gives. */
const noAws = { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_PROFILE: undefined, AWS_SESSION_TOKEN: undefined, HOME: ws.dir, AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: ws.file('none'), AWS_SHARED_CREDENTIALS_FILE: ws.file('none') };

beforeAll(async () => {
  local = await startKmsLocal({ regions: REGIONS, port: 0 });
  await createMultiRegionKey(local, { primaryRegion: REGIONS[0]!, replicaRegions: REGIONS.slice(1), alias: 'alias/app' });
});
afterAll(() => local?.close());

describe('region names', () => {
  it.each([
    [{ keyring: { type: 'aws-kms', keyId: 'alias/app', regions: ['us-east-1', 'eu-wset-1'] } }, /keyring\.regions\[1\]: "eu-wset-1" is not an AWS region \(did you mean eu-west-1\?\)/],
    [{ localRegion: 'us-east1', keyring: { type: 'aws-kms', keyId: 'alias/app', regions: ['us-east-1'] } }, /localRegion: "us-east1" is not an AWS region name \(did you mean us-east-1\?\)/],
    [{ keyring: { type: 'aws-kms', generatorKeyId: 'arn:aws:kms:ap-southeast-22:111122223333:key/abc' } }, /is not an AWS region \(did you mean ap-southeast-2\?\)/],
  ])('a typo in a config is exit 2 naming the closest region, never minKeys (%#)', async (config, message) => {
    ws.write('c.json', JSON.stringify(config));
    const r = await runAsync(ws.dir, ['encrypt', '--config', 'c.json', '-i', 'p', '-o', 'x.envelope']);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/minKeys/);
    expect(r.status).toBe(2);
  });
  it('--regions too; a well-formed region the SDK does not know and no typo of one passes the check', async () => {
    const r = await runAsync(ws.dir, ['encrypt', '--kms', 'alias/app', '--regions', 'us-east-1,eu-wset-1', '-i', 'p', '-o', 'x.envelope']);
    expect(r.stderr).toMatch(/--regions: "eu-wset-1" is not an AWS region \(did you mean eu-west-1\?\)/);
    expect(r.status).toBe(2);
    ws.write('new.json', JSON.stringify({ kms: { endpoints: { 'xx-newplace-7': 'http://127.0.0.1:9' }, credentials: local.credentials }, keyring: { type: 'aws-kms', generatorKeyId: 'arn:aws:kms:xx-newplace-7:111122223333:key/abc' } }));
    const n = await runAsync(ws.dir, ['encrypt', '--config', 'new.json', '-i', 'p', '-o', 'x.envelope']);
    expect(n.stderr).not.toMatch(/not an AWS region/);
  });
});

describe('credentials and endpoints from the environment', () => {
  it('no credentials at all: the SDK message and a hint for kms-local and for AWS', async () => {
    ws.write('nocreds.json', JSON.stringify({ localRegion: 'us-east-1', kms: { endpoints: local.endpoints }, keyring: { type: 'aws-kms', keyId: 'alias/app', regions: REGIONS } }));
    const r = await runAsync(ws.dir, ['encrypt', '--config', 'nocreds.json', '-i', 'p', '-o', 'nc.envelope'], noAws);
    expect(r.stderr).toMatch(/Could not load credentials/);
    expect(r.stderr).toMatch(/hint: no AWS credentials were found\. For kms-local: the config's "kms": \{ "credentials"/);
    expect(r.stderr).toMatch(/AWS_PROFILE/);
  });
  it('the documented recipe: AWS_ACCESS_KEY_ID/SECRET + ENVELOPE_KMS_ENDPOINTS reach kms-local in both --regions', async () => {
    const env = {
      ...noAws,
      AWS_ACCESS_KEY_ID: local.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: local.credentials.secretAccessKey,
      ENVELOPE_KMS_ENDPOINTS: REGIONS.map((r) => `${r}=${local.endpoints[r]}`).join(','),
    };
    const e = await runAsync(ws.dir, ['encrypt', '--kms', 'alias/app', '--regions', REGIONS.join(','), '-i', 'p', '-o', 'env.envelope'], env);
    expect(e.stderr).toBe('');
    expect(e.status).toBe(0);
    const i = await runAsync(ws.dir, ['inspect', '-i', 'env.envelope']);
    expect(i.stdout.toString().match(/aws-kms/g)).toHaveLength(2);
    local.setFault(REGIONS[0]!, { mode: 'down' });
    try {
      const d = await runAsync(ws.dir, ['decrypt', '--kms', 'alias/app', '--regions', REGIONS.join(','), '-i', 'env.envelope', '--json'], env);
      expect(d.stdout.toString()).toBe('plaintext');
      expect(d.stderr).toContain('"region":"eu-west-1"');
    } finally {
      local.setFault(REGIONS[0]!, { mode: 'none' });
    }
    // AWS_ENDPOINT_URL_KMS is one endpoint: with several regions it is refused, saying what to use.
    const one = await runAsync(ws.dir, ['encrypt', '--kms', 'alias/app', '--regions', REGIONS.join(','), '-i', 'p', '-o', 'one.envelope'], { ...env, ENVELOPE_KMS_ENDPOINTS: undefined, AWS_ENDPOINT_URL_KMS: local.endpoints[REGIONS[0]!] });
    expect(one.stderr).toMatch(/ENVELOPE_KMS_ENDPOINTS=r1=URL1,r2=URL2/);
    expect(one.status).toBe(2);
  });
});

describe('--discovery (issue 29 item 14)', () => {
  it('opens a message with any KMS key of the accounts given; another account is exit 3; the filter is required; encrypt has no such option', async () => {
    const env = {
      ...noAws,
      AWS_ACCESS_KEY_ID: local.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: local.credentials.secretAccessKey,
      ENVELOPE_KMS_ENDPOINTS: REGIONS.map((r) => `${r}=${local.endpoints[r]}`).join(','),
    };
    const e = await runAsync(ws.dir, ['encrypt', '--kms', 'alias/app', '--regions', REGIONS.join(','), '-i', 'p', '-o', 'disc.envelope'], env);
    expect(e.status).toBe(0);
    const d = await runAsync(ws.dir, ['decrypt', '--discovery', '--discovery-account', local.accountId, '--regions', REGIONS.join(','), '-i', 'disc.envelope', '--json'], env);
    expect(d.stdout.toString()).toBe('plaintext');
    expect(d.stderr).toContain(`"keyId":"arn:aws:kms:us-east-1:${local.accountId}:key/`);
    expect(d.status).toBe(0);
    const other = await runAsync(ws.dir, ['decrypt', '--discovery', '--discovery-account', '999999999999', '-i', 'disc.envelope'], env);
    expect(other.status).toBe(3);
    expect(other.stdout.length).toBe(0);
    const bare = await runAsync(ws.dir, ['decrypt', '--discovery', '-i', 'disc.envelope'], env);
    expect(bare.stderr).toMatch(/--discovery needs --discovery-account ID/);
    expect(bare.status).toBe(2);
    const enc = await runAsync(ws.dir, ['encrypt', '--discovery', '--discovery-account', local.accountId, '-i', 'p', '-o', 'no.envelope'], env);
    expect(enc.stderr).toMatch(/unknown option '--discovery'/);
    expect(enc.status).toBe(2);
  });
});

describe('kms-local start (issue 29 item 12)', () => {
  it('a busy port: exit non-zero with a hint to use --port 0; the start line says the state is temporary', async () => {
    const port = Number(new URL(local.endpoints[REGIONS[0]!]!).port);
    const busy = await runAsync(ws.dir, ['kms-local', 'start', '--regions', 'us-east-1', '--port', String(port)]);
    expect(busy.status).not.toBe(0);
    expect(busy.stderr).toMatch(/EADDRINUSE[\s\S]*hint: the port is taken .*--port 0/);
    const child = spawn(process.execPath, [BIN, 'kms-local', 'start', '--regions', 'us-east-1', '--port', '0'], { cwd: ws.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    for (let i = 0; i < 400 && !err.includes('\n'); i++) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGTERM');
    await once(child, 'exit');
    expect(err).toMatch(/state in \S+ \(a new temporary directory at each start: --state DIR keeps keys and aliases across restarts\)/);
  });
});
