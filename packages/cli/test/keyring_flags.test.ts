// Issue 19 item 3: config-free use (-r / --identity / --kms with --regions) and $ENVELOPE_CONFIG.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';
import { startKmsLocal, createMultiRegionKey, type KmsLocal } from '@envelope/kms-local';
import { runAsync, workspace } from './helpers.js';

const ws = workspace('flags');
const { run, write, file } = ws;
let local: KmsLocal;

beforeAll(async () => {
  local = await startKmsLocal({ regions: ['us-east-1'] });
  expect(run(['keygen', 'rsa', '--bits', '2048', '-o', 'esc']).status).toBe(0);
  expect(run(['keygen', 'rsa', '--bits', '2048', '-o', 'other']).status).toBe(0);
});
afterAll(() => local.close());

describe('no config: RSA recipients and identities', () => {
  it('encrypt -r esc.pub.pem and decrypt --identity esc.pem round-trip (acceptance)', () => {
    const data = randomBytes(20_000);
    write('p', data);
    const e = run(['encrypt', '-r', 'esc.pub.pem', '-i', 'p', '-o', 'p.env']);
    expect(e.stderr).toBe('');
    expect(e.status).toBe(0);
    const d = run(['decrypt', '--identity', 'esc.pem', '-i', 'p.env', '-o', 'p.out', '--json']);
    expect(d.status).toBe(0);
    expect(readFileSync(file('p.out')).equals(data)).toBe(true);
    // Key namespace envelope-rsa, key name sha256:<SPKI fingerprint>, as documented.
    expect(JSON.parse(d.stderr.trim())).toMatchObject({ providerId: 'envelope-rsa', keyId: expect.stringMatching(/^envelope-rsa\/sha256:[0-9a-f]{64}$/) });
  });
  it('several recipients: each identity opens it; a stranger gets exit 3', () => {
    write('m', 'to two people');
    expect(run(['encrypt', '-r', 'esc.pub.pem', '-r', 'other.pub.pem', '-i', 'm', '-o', 'm.env']).status).toBe(0);
    for (const id of ['esc.pem', 'other.pem']) {
      const d = run(['decrypt', '--identity', id, '-i', 'm.env']);
      expect(d.status).toBe(0);
      expect(d.stdout.toString()).toBe('to two people');
    }
    expect(run(['encrypt', '-r', 'esc.pub.pem', '-i', 'm', '-o', 'only-esc.env']).status).toBe(0);
    expect(run(['decrypt', '--identity', 'other.pem', '-i', 'only-esc.env']).status).toBe(3);
    expect(run(['decrypt', '--identity', 'other.pem', '--identity', 'esc.pem', '-i', 'only-esc.env']).status).toBe(0);
  });
  it('a private key given as a recipient is refused (exit 2), before anything is written', () => {
    const r = run(['encrypt', '-r', 'esc.pem', '-i', 'm', '-o', 'priv.env']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/private key/);
    write('esc.der', createPrivateKey(readFileSync(file('esc.pem'))).export({ format: 'der', type: 'pkcs1' }));
    expect(run(['encrypt', '-r', 'esc.der', '-i', 'm', '-o', 'priv.env']).status).toBe(2);
    write('esc.pub.der', createPublicKey(readFileSync(file('esc.pem'))).export({ format: 'der', type: 'spki' }));
    expect(run(['encrypt', '-r', 'esc.pub.der', '-i', 'm', '-o', 'der.env']).status).toBe(0);
    expect(run(['decrypt', '--identity', 'esc.pem', '-i', 'der.env']).stdout.toString()).toBe('to two people');
    expect(existsSync(file('priv.env'))).toBe(false);
  });
  it('an encrypted identity needs --passphrase-env (no terminal to ask on)', () => {
    expect(run(['keygen', 'rsa', '--bits', '2048', '-o', 'locked', '--passphrase-env', 'PASS'], undefined, { PASS: 'correct horse' }).status).toBe(0);
    write('l', 'locked away');
    expect(run(['encrypt', '-r', 'locked.pub.pem', '-i', 'l', '-o', 'l.env']).status).toBe(0);
    const without = run(['decrypt', '--identity', 'locked.pem', '-i', 'l.env', '-o', 'l.out']);
    expect(without.status).toBe(2);
    expect(without.stderr).toMatch(/--passphrase-env/);
    expect(run(['decrypt', '--identity', 'locked.pem', '--passphrase-env', 'PASS', '-i', 'l.env', '-o', 'l.out'], undefined, { PASS: 'wrong' }).status).toBe(2);
    const ok = run(['decrypt', '--identity', 'locked.pem', '--passphrase-env', 'PASS', '-i', 'l.env'], undefined, { PASS: 'correct horse' });
    expect(ok.status).toBe(0);
    expect(ok.stdout.toString()).toBe('locked away');
  });
  it('no keys at all, or --config together with key flags, is a usage error', () => {
    expect(run(['encrypt', '-i', 'm', '-o', 'x.env']).stderr).toMatch(/--config FILE \(or ENVELOPE_CONFIG\), or -r/);
    expect(run(['encrypt', '-i', 'm', '-o', 'x.env']).status).toBe(2);
    expect(run(['encrypt', '--config', 'aes.json', '-r', 'esc.pub.pem', '-i', 'm', '-o', 'x.env']).status).toBe(2);
    expect(run(['encrypt', '--regions', 'us-east-1', '--config', 'aes.json', '-i', 'm', '-o', 'x.env']).status).toBe(2);
  });
});

describe('--config defaults to $ENVELOPE_CONFIG', () => {
  it('ENVELOPE_CONFIG=aes.json envelope encrypt -i p -o q.env works, and so does decrypt (acceptance)', () => {
    write('q', 'from the environment');
    expect(run(['encrypt', '-i', 'q', '-o', 'q.env'], undefined, { ENVELOPE_CONFIG: 'aes.json' }).status).toBe(0);
    const d = run(['decrypt', '-i', 'q.env'], undefined, { ENVELOPE_CONFIG: 'aes.json' });
    expect(d.status).toBe(0);
    expect(d.stdout.toString()).toBe('from the environment');
    // --config wins over the environment.
    expect(run(['decrypt', '--config', 'aes.json', '-i', 'q.env', '-o', 'q.out'], undefined, { ENVELOPE_CONFIG: 'missing.json' }).status).toBe(0);
  });
});

describe('no config: --kms with --regions', () => {
  it('encrypts under an alias placed in a region and decrypts with it, the AWS SDK finding kms-local through its environment', async () => {
    await createMultiRegionKey(local, { primaryRegion: 'us-east-1', replicaRegions: [], alias: 'alias/flags' });
    const endpoint = local.endpoints['us-east-1']!;
    const env = { AWS_ENDPOINT_URL_KMS: endpoint, AWS_ENDPOINT_URL_STS: endpoint, AWS_ACCESS_KEY_ID: local.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: local.credentials.secretAccessKey, AWS_REGION: undefined, AWS_PROFILE: undefined };
    write('k', 'kms without a config');
    const e = await runAsync(ws.dir, ['encrypt', '--kms', 'alias/flags', '--regions', 'us-east-1', '-r', 'esc.pub.pem', '-i', 'k', '-o', 'k.env'], env);
    expect(e.stderr).toBe('');
    expect(e.status).toBe(0);
    const d = await runAsync(ws.dir, ['decrypt', '--kms', 'alias/flags', '--regions', 'us-east-1', '-i', 'k.env', '--json'], env);
    expect(d.status).toBe(0);
    expect(d.stdout.toString()).toBe('kms without a config');
    expect(JSON.parse(d.stderr.trim())).toMatchObject({ providerId: 'aws-kms', region: 'us-east-1' });
    // The escrow recipient rode along: the identity alone opens it too.
    expect(run(['decrypt', '--identity', 'esc.pem', '-i', 'k.env']).stdout.toString()).toBe('kms without a config');
  });
  it('an alias without --regions (and no AWS_REGION), or a region that is not one, is a usage error', () => {
    const none = { AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined };
    expect(run(['encrypt', '--kms', 'alias/flags', '-i', 'k', '-o', 'y.env'], undefined, none).status).toBe(2);
    const bad = run(['encrypt', '--kms', 'alias/flags', '--regions', 'us-east-1,moon-base', '-i', 'k', '-o', 'y.env'], undefined, none);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/moon-base.*not an AWS region/);
  });
});
