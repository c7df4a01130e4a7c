// The README's CLI quick start runs line by line, in order, as written: each line of the ```sh
// block under "## Quick start (CLI)" runs with bash in one fresh directory, with `envelope` on PATH
// (this package's bin). Only the port changes (4566 → a free one, as other tests run at the same
// time); the line ending in `&` runs in the background until `kill %1`.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, workspace } from './helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(path.resolve(here, '..', '..', '..', 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Quick start (CLI)\n'));
const block = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
const ws = workspace('readme-cli');
let background: ChildProcess | undefined;

/** Two consecutive free ports (kms-local serves region i on port + i). */
async function freePorts(): Promise<number> {
  for (;;) {
    const s = createServer().listen(0, '127.0.0.1');
    await once(s, 'listening');
    const port = (s.address() as { port: number }).port;
    s.close();
    const next = createServer().listen(port + 1, '127.0.0.1');
    const ok = await new Promise<boolean>((resolve) => {
      next.once('listening', () => resolve(true));
      next.once('error', () => resolve(false));
    });
    next.close();
    if (ok && port < 65000) return port;
  }
}

function bash(line: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', line], { cwd: ws.dir, env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, out, err }));
  });
}

/** Starts a `… &` line; resolves once kms-local printed an endpoint per region. */
async function startInBackground(line: string, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn('bash', ['-c', `exec ${line}`], { cwd: ws.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  for (let i = 0; i < 600 && (out.match(/"endpoint"/g) ?? []).length < 2; i++) {
    if (child.exitCode !== null) throw new Error(`${line} exited ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return child;
}

afterAll(() => {
  background?.kill();
});

describe('README: Quick start (CLI)', () => {
  it('every line runs in order and exits 0; the restored files match', async () => {
    const bin = path.join(ws.dir, '.bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'envelope'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    chmodSync(path.join(bin, 'envelope'), 0o755);
    const env = { ...process.env, PATH: `${bin}:${process.env['PATH']}`, ENVELOPE_CONFIG: '' };
    const port = await freePorts();
    const lines = block.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter(Boolean).map((l) => l.replaceAll('4566', String(port)));
    expect(lines.length).toBeGreaterThan(8);
    for (const line of lines) {
      if (line.endsWith('&')) {
        background = await startInBackground(line.slice(0, -1).trim(), env);
        continue;
      }
      if (line === 'kill %1') {
        background!.kill('SIGTERM');
        const [code, signal] = (await once(background!, 'exit')) as [number | null, string | null];
        expect(code === 0 || code === 143 || signal === 'SIGTERM', `kms-local ended with ${code ?? signal}`).toBe(true);
        background = undefined;
        continue;
      }
      const r = await bash(line, env);
      expect(r.status, `${line}\n${r.err}`).toBe(0);
      if (line.includes('envelope inspect')) expect(r.out.match(/aws-kms/g)).toHaveLength(2);
    }
    expect(background).toBeUndefined();
    const original = readFileSync(ws.file('backup.tar'));
    for (const f of ['restored.tar', 'restored-kms.tar', 'restored-escrow.tar']) expect(readFileSync(ws.file(f)).equals(original), f).toBe(true);
    // After the rewrap the message is under the second key (its config names alias/app-2027).
    const cfg2027 = JSON.parse(readFileSync(ws.file('envelope-2027.json'), 'utf8')) as { keyring: { generator: { keyId: string } } };
    expect(cfg2027.keyring.generator.keyId).toBe('alias/app-2027');
  }, 180_000);
});
