// Issue 14 item 13: usage and config mistakes exit 2, a reader closing the pipe early ends quietly.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { encrypt, KmsKeyring } from '@envelope/client';
import { createMultiRegionKey, startKmsLocal } from '@envelope/kms-local';
import { BIN, workspace } from './helpers.js';

const { dir, run, write } = workspace('exit');
write('p', 'exit codes');

describe('usage and config errors exit 2', () => {
  it.each([
    [['--suite', '0x9999'], /not a known algorithm suite/],
    [['--suite', '0x0014'], /no key commitment/],
    [['--suite', '20'], /no key commitment/],
    [['-c', 'aws-crypto-x=1'], /reserved prefix/],
    [['-c', 'a=1', '-c', 'a=2'], /given twice/],
  ])('encrypt %j', (flags, message) => {
    const r = run(['encrypt', '--config', 'aes.json', '-i', 'p', '-o', 'x.env', ...flags]);
    expect(r.stderr).toMatch(message);
    expect(r.status).toBe(2);
  });
  it('a region that is not a region, in a config or in --regions', () => {
    write('region.json', JSON.stringify({ keyring: { type: 'aws-kms', keyId: 'alias/app', regions: ['us-east-1', 'eu-wset-1x'] } }));
    const r = run(['encrypt', '--config', 'region.json', '-i', 'p', '-o', 'x.env']);
    expect(r.stderr).toMatch(/keyring\.regions\[1\].*not an AWS region/);
    expect(r.status).toBe(2);
    write('arn.json', JSON.stringify({ keyring: { type: 'aws-kms', generatorKeyId: 'arn:aws:kms:nowhere:111122223333:key/abc' } }));
    expect(run(['encrypt', '--config', 'arn.json', '-i', 'p', '-o', 'x.env']).status).toBe(2);
    expect(run(['encrypt', '--kms', 'alias/app', '--regions', 'mars-1', '-i', 'p', '-o', 'x.env']).status).toBe(2);
  });
  it('a KMS key in a region the config has no endpoint for (encrypt and decrypt)', async () => {
    const kms = { endpoints: { 'us-east-1': 'http://127.0.0.1:9' }, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } };
    write('ep.json', JSON.stringify({ kms, keyring: { type: 'aws-kms', generatorKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/abc' } }));
    const r = run(['encrypt', '--config', 'ep.json', '-i', 'p', '-o', 'x.env']);
    expect(r.stderr).toMatch(/no KMS endpoint configured for region eu-west-1/);
    expect(r.status).toBe(2);
    // A message whose only key is that KMS key: decrypt tries it and fails for the same config reason.
    const local = await startKmsLocal({ regions: ['eu-west-1'] });
    try {
      const key = await createMultiRegionKey(local, { primaryRegion: 'eu-west-1', replicaRegions: [] });
      const arn = key.arns['eu-west-1']!;
      const { ciphertext } = await encrypt(new KmsKeyring({ generatorKeyId: arn, endpoints: local.endpoints, credentials: local.credentials }), 'kms only');
      write('kms.env', Buffer.from(ciphertext));
      write('ep-dec.json', JSON.stringify({ kms, keyring: { type: 'aws-kms', generatorKeyId: arn } }));
    } finally {
      await local.close();
    }
    const d = run(['decrypt', '--config', 'ep-dec.json', '-i', 'kms.env', '-o', 'kms.out']);
    expect(d.stderr).toMatch(/no KMS endpoint configured for region eu-west-1/);
    expect(d.status).toBe(2);
  });
  it('a config that is not JSON reports the line and column only', () => {
    write('secret.json', '{\n "keyring": {"type": "raw-aes", "key": "base64:TOPSECRETVALUE" oops}\n}');
    const r = run(['encrypt', '--config', 'secret.json', '-i', 'p', '-o', 'x.env']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/line 2, column \d+/);
    expect(r.stderr).not.toMatch(/TOPSECRET|oops/);
  });
});

describe('no command, an unknown option (issue 29 item 12)', () => {
  it('bare envelope prints the help on stderr and exits 2', () => {
    const r = run([]);
    expect(r.status).toBe(2);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr).toMatch(/^Usage: envelope[\s\S]*Exit codes:/);
  });
  it('an unknown option: the error and a one-line pointer to the help, not the whole help', () => {
    const r = run(['encrypt', '--bogus']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("error: unknown option '--bogus'\n(envelope encrypt --help lists its options and examples)\n");
  });
});

describe('a reader that stops early', () => {
  it('envelope decrypt … | head -c 10: exits 0 and prints nothing on stderr', async () => {
    write('big', randomBytes(8 * 1024 * 1024));
    expect(run(['encrypt', '--config', 'aes.json', '-i', 'big', '-o', 'big.env']).status).toBe(0);
    const child = spawn(process.execPath, [BIN, 'decrypt', '--config', 'aes.json', '-i', 'big.env'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    let got = 0;
    child.stdout.on('data', (c: Buffer) => {
      got += c.length;
      if (got >= 10) child.stdout.destroy(); // as `head -c 10` does once it has its bytes
    });
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
