// Shared by the CLI tests: the built `envelope` bin, spawned as a user would run it, in a temp dir.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The bin a user runs (tests spawn the built dist; ENVELOPE_TEST_BIN runs another build, e.g. an older one). */
export const BIN = process.env['ENVELOPE_TEST_BIN'] ?? path.resolve(here, '..', 'bin', 'envelope.js');

/** Result of one run. */
export interface Run {
  status: number | null;
  stdout: Buffer;
  stderr: string;
}

/** A fresh working directory with a raw AES config `aes.json`, and a runner in it. */
export function workspace(prefix: string): { dir: string; run: (args: string[], input?: Buffer, env?: Record<string, string | undefined>) => Run; write: (name: string, data: string | Buffer) => string; file: (name: string) => string } {
  const dir = mkdtempSync(path.join(tmpdir(), `envelope-${prefix}-`));
  const file = (name: string): string => path.join(dir, name);
  const write = (name: string, data: string | Buffer): string => {
    writeFileSync(file(name), data);
    return file(name);
  };
  write('aes.json', JSON.stringify({ keyring: { type: 'raw-aes', keyNamespace: 'cli-test', keyName: 'aes-key', key: `base64:${randomBytes(32).toString('base64')}` } }));
  const run = (args: string[], input?: Buffer, env: Record<string, string | undefined> = {}): Run => {
    const merged: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...process.env, ENVELOPE_CONFIG: undefined, ...env })) if (v !== undefined) merged[k] = v;
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, input, env: merged, maxBuffer: 64 * 1024 * 1024 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
  };
  return { dir, run, write, file };
}

/**
 * Runs the bin without blocking this process: needed when the test itself serves kms-local
 * (spawnSync would stop its event loop, and the child's requests would never be answered).
 */
export function runAsync(cwd: string, args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const merged: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ENVELOPE_CONFIG: undefined, ...env })) if (v !== undefined) merged[k] = v;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: merged, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString() }));
  });
}

/** Whether util-linux `script` can give a command a terminal (for TTY behaviour). */
export function hasScript(): boolean {
  return spawnSync('script', ['--version']).status === 0;
}

/** Runs a shell command line under a pseudo-terminal via `script`; `input` is typed into it. */
export function onTerminal(cwd: string, commandLine: string, input = '', env: Record<string, string> = {}): Run {
  const r = spawnSync('script', ['-qec', commandLine, '/dev/null'], { cwd, input, env: { ...process.env, ...env }, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
}

/**
 * Runs a shell command line under a pseudo-terminal and answers its prompts: each time stdout
 * shows the next `prompts[i].match`, `prompts[i].answer` is typed. Resolves when it exits.
 */
export function onTerminalAnswering(cwd: string, commandLine: string, prompts: { match: RegExp; answer: string }[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', commandLine, '/dev/null'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let next = 0;
    let seen = 0;
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const p = prompts[next];
      if (p && p.match.test(out.slice(seen))) {
        seen = out.length;
        next++;
        child.stdin.write(p.answer);
      }
    });
    child.stdin.on('error', () => undefined);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout: Buffer.from(out), stderr: '' });
    });
  });
}
