// docs/guide.md § 6 "Then, AWS": the AWS CLI recipe (multi-region key, replica, alias in each
// region) runs as written against kms-local, where the AWS CLI is installed (skipped otherwise).
// An `aws` wrapper on PATH adds --endpoint-url for the region each call names; nothing else changes.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKmsLocal, type KmsLocal } from '@envelope/kms-local';
import { workspace } from './helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const guide = readFileSync(path.resolve(here, '..', '..', '..', 'docs', 'guide.md'), 'utf8');
const section = guide.slice(guide.indexOf('### Then, AWS'));
const recipe = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
const realAws = spawnSync('bash', ['-c', 'command -v aws'], { encoding: 'utf8' }).stdout.trim();
const ws = workspace('aws-recipe');
let local: KmsLocal;

beforeAll(async () => {
  if (realAws) local = await startKmsLocal({ regions: ['us-east-1', 'eu-west-1'], port: 0 });
});
afterAll(() => local?.close());

describe.skipIf(!realAws)('docs/guide.md: the AWS CLI recipe against kms-local', () => {
  it('creates the multi-region key, its replica and the alias in both regions', async () => {
    expect(recipe).toContain('aws kms create-key --multi-region');
    const bin = ws.file('.bin');
    mkdirSync(bin);
    const cases = Object.entries(local.endpoints).map(([r, url]) => `  ${r}) ep=${url} ;;`).join('\n');
    writeFileSync(
      path.join(bin, 'aws'),
      `#!/bin/bash\nregion="$AWS_REGION"; prev=""\nfor a in "$@"; do [ "$prev" = "--region" ] && region="$a"; prev="$a"; done\ncase "$region" in\n${cases}\n  *) echo "no kms-local region $region" >&2; exit 9 ;;\nesac\nexec "${realAws}" "$@" --endpoint-url "$ep"\n`,
    );
    chmodSync(path.join(bin, 'aws'), 0o755);
    const env = {
      ...process.env,
      PATH: `${bin}:${process.env['PATH']}`,
      AWS_ACCESS_KEY_ID: local.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: local.credentials.secretAccessKey,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: ws.file('none'),
      AWS_SHARED_CREDENTIALS_FILE: ws.file('none'),
      AWS_PAGER: '',
    };
    const r = await new Promise<{ status: number | null; out: string; err: string }>((resolve, reject) => {
      const child = spawn('bash', ['-e', '-c', recipe], { cwd: ws.dir, env });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, out, err }));
    });
    expect(r.status, r.err).toBe(0);
    expect(r.out.trim().split('\n').at(-1)).toMatch(/^arn:aws:kms:eu-west-1:\d{12}:key\/mrk-[0-9a-f]+$/);
    const ops = local.requests().map((q) => q.operation);
    expect(ops).toEqual(expect.arrayContaining(['CreateKey', 'ReplicateKey', 'CreateAlias', 'DescribeKey']));
  }, 120_000);
});
