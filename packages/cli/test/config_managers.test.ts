// `--config` builds a materials manager (managerFromConfig): a config's "cache" and
// "requiredEncryptionContextKeys" apply to `envelope encrypt` / `decrypt` (issue 15).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'envelope.js');
let dir: string;

function envelope(args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir });
  return { status: r.status, stderr: r.stderr.toString() };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'envelope-cli-managers-'));
  const keyring = { type: 'raw-aes', keyNamespace: 'cli-test', keyName: 'aes-key', key: `base64:${randomBytes(32).toString('base64')}` };
  writeFileSync(path.join(dir, 'guarded.json'), JSON.stringify({ keyring, cache: { maxAgeSeconds: 60, maxMessages: 10 }, requiredEncryptionContextKeys: ['tenant'] }));
  writeFileSync(path.join(dir, 'badcache.json'), JSON.stringify({ keyring, cache: { maxAgeSeconds: 60, maxMessages: 0 } }));
  writeFileSync(path.join(dir, 'plain.txt'), 'tenant data');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--config with cache and requiredEncryptionContextKeys', () => {
  it('encrypt without the required key is refused (exit 2); decrypt needs the pair (exit 1 without it, 0 with it)', () => {
    const refused = envelope(['encrypt', '--config', 'guarded.json', '-i', 'plain.txt', '-o', 'x.env', '-c', 'app=a']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('tenant');
    expect(envelope(['encrypt', '--config', 'guarded.json', '-i', 'plain.txt', '-o', 'p.env', '-c', 'tenant=acme']).status).toBe(0);
    const missing = envelope(['decrypt', '--config', 'guarded.json', '-i', 'p.env', '-o', 'p1.out']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('tenant');
    expect(envelope(['decrypt', '--config', 'guarded.json', '-i', 'p.env', '-o', 'p2.out', '-c', 'tenant=other']).status).toBe(1);
    expect(envelope(['decrypt', '--config', 'guarded.json', '-i', 'p.env', '-o', 'p3.out', '-c', 'tenant=acme']).status).toBe(0);
    expect(readFileSync(path.join(dir, 'p3.out'), 'utf8')).toBe('tenant data');
  });

  it('a bad cache setting is a config error naming its path (exit 2)', () => {
    const r = envelope(['encrypt', '--config', 'badcache.json', '-i', 'plain.txt', '-o', 'y.env', '-c', 'tenant=acme']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('cache.maxMessages');
  });
});
