// Every example runs as a program, as a user would run it, against kms-local.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);
const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const example = async (name: string, ...args: string[]): Promise<string> => (await run(process.execPath, [path.join(examples, name, 'index.mjs'), ...args], { cwd: examples })).stdout;

describe('examples', () => {
  it('multi-region-escrow: healthy, then with the local region down', async () => {
    const out = await example('multi-region-escrow');
    expect(out).toMatch(/healthy: opened in us-east-1, sha256 matches/);
    expect(out).toMatch(/us-east-1 down: opened in (eu-west-1|ap-southeast-2), sha256 matches/);
    expect((out.match(/^EDK aws-kms/gm) ?? []).length).toBe(3);
    expect(out).toContain('EDK escrow');
    expect(out).toContain('OK multi-region-escrow');
  });
  it('hierarchical-keyring: a branch key per tenant, rotation, a region down', async () => {
    const out = await example('hierarchical-keyring');
    expect(out).toContain('1000 messages for 2 tenants: 2 KMS Decrypt, 2 GetItem');
    expect(out).toContain('after versionKey: "order 1 of acme" and "order after rotation" both open');
    expect(out).toMatch(/us-east-1 down: a cold keyring opened "order 0 of globex" through eu-west-1 in \d+ ms/);
    expect(out).toContain('OK hierarchical-keyring');
  });
  it('escrow-recovery: only the escrow private key, no KMS', async () => {
    const out = await example('escrow-recovery');
    expect(out).toContain('recovered with escrow/escrow-example: the books of 2026');
  });
  it('threshold-escrow: any 3 of 5 officers recover without KMS, 2 cannot', async () => {
    const out = await example('threshold-escrow');
    expect(out).toContain('EDKs: aws-kms, aws-kms, aws-kms, board, board, board, board, board');
    expect(out).toContain('officers 1 and 4: refused (threshold keyring board/board-example: opened 2 of the 3 shares needed (5 custodians); tried:)');
    expect(out).toContain('officers 0, 2 and 3: recovered with board/board-example: the board minutes');
    expect(out).toContain('OK threshold-escrow');
  });
  it('compose-keyrings: KMS, a custom provider and escrow from one config', async () => {
    const out = await example('compose-keyrings');
    expect(out).toContain('EDKs: aws-kms, aws-kms, app, escrow');
    expect(out).toContain('healthy: aws-kms in eu-west-1');
    expect(out).toMatch(/KMS down: (app|escrow) /);
    expect(out).toContain('refused (NoKeyDecryptedError)');
  });
  it('custom-provider: registered and used from a config file', async () => {
    const out = await example('custom-provider');
    expect(out).toContain('EDKs: app-secrets, escrow');
    expect(out).toContain('decrypted by app-secrets/env-key-1: sealed by a third-party provider');
  });
  it('streaming-large-file: constant memory, same bytes', async () => {
    const out = await example('streaming-large-file', '32');
    expect(out).toContain('sha256 matches');
    expect(out).toContain('header verified: suite 0x0478, 3 EDKs');
  });
});
