// encrypt and decrypt from a file to a file go through the core's lending writer and reader (no
// Transform); stdin, stdout and armor through the streams. The two paths read each other's messages,
// byte for byte, and a bad file leaves no output behind.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync, truncateSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { BIN, workspace } from '../helpers.js';

const { write, file, dir } = workspace('crypt-files');

/** This process's environment without ENVELOPE_CONFIG (the tests give --config), plus `extra`. */
function childEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...extra })) if (v !== undefined && k !== 'ENVELOPE_CONFIG') env[k] = v;
  return env;
}

/** Runs the bin without blocking this process (long runs of spawnSync starve vitest's own messages on a busy machine). */
function run(args: string[], input?: Buffer, env: Record<string, string> = {}): Promise<{ status: number | null; stdout: Buffer; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: childEnv(env) });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => err.push(c));
  child.stdin.on('error', () => undefined);
  child.stdin.end(input);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString() }));
  });
}
// Not a multiple of any frame length here nor of the CLI's read size.
const data = randomBytes(3 * 1024 * 1024 + 4099);
write('plain', data);

const leftovers = (): string[] => readdirSync(dir).filter((n) => n.includes('envelope-tmp'));

describe('encrypt and decrypt, file to file', () => {
  for (const suite of ['0x0478', '0x0578']) {
    for (const frames of ['4096', '65536']) {
      it(`round trip, and both ways with the streams (suite ${suite}, ${frames}-byte frames)`, async () => {
        const enc = await run(['encrypt', '--config', 'aes.json', '-i', 'plain', '-o', 'm.env', '--suite', suite, '--frame-length', frames, '--force']);
        expect(enc.stderr).toBe('');
        expect(enc.status).toBe(0);
        expect((await run(['decrypt', '--config', 'aes.json', '-i', 'm.env', '-o', 'm.out', '--force'])).status).toBe(0);
        expect(readFileSync(file('m.out')).equals(data)).toBe(true);
        // The file written here, read through the streams (to stdout)...
        const toStdout = await run(['decrypt', '--config', 'aes.json', '-i', 'm.env']);
        expect(toStdout.status).toBe(0);
        expect(toStdout.stdout.equals(data)).toBe(true);
        // ...and one the streams wrote (from stdin), read here.
        const fromStdin = await run(['encrypt', '--config', 'aes.json', '-o', 's.env', '--suite', suite, '--frame-length', frames, '--force'], data);
        expect(fromStdin.status).toBe(0);
        expect((await run(['decrypt', '--config', 'aes.json', '-i', 's.env', '-o', 's.out', '--force'])).status).toBe(0);
        expect(readFileSync(file('s.out')).equals(data)).toBe(true);
      });
    }
  }

  it('--jobs 2 (a signed suite\'s hash on a worker) and node:crypto (ENVELOPE_NATIVE=0) read and write the same messages', async () => {
    expect((await run(['encrypt', '--config', 'aes.json', '-i', 'plain', '-o', 'j.env', '--jobs', '2', '--force'])).status).toBe(0);
    expect((await run(['decrypt', '--config', 'aes.json', '-i', 'j.env', '-o', 'j.out', '--force'], undefined, { ENVELOPE_NATIVE: '0' })).status).toBe(0);
    expect(readFileSync(file('j.out')).equals(data)).toBe(true);
    expect((await run(['encrypt', '--config', 'aes.json', '-i', 'plain', '-o', 'n.env', '--force'], undefined, { ENVELOPE_NATIVE: '0' })).status).toBe(0);
    expect((await run(['decrypt', '--config', 'aes.json', '-i', 'n.env', '-o', 'n.out', '--jobs', '2', '--force'])).status).toBe(0);
    expect(readFileSync(file('n.out')).equals(data)).toBe(true);
  });

  it('an empty file round trips', async () => {
    write('empty', Buffer.alloc(0));
    expect((await run(['encrypt', '--config', 'aes.json', '-i', 'empty', '-o', 'e.env', '--force'])).status).toBe(0);
    expect((await run(['decrypt', '--config', 'aes.json', '-i', 'e.env', '-o', 'e.out', '--force'])).status).toBe(0);
    expect(readFileSync(file('e.out')).length).toBe(0);
  });

  it('a tampered or truncated file: exit 1, the error named, no output file and no temporary file left', async () => {
    expect((await run(['encrypt', '--config', 'aes.json', '-i', 'plain', '-o', 't.env', '--force'])).status).toBe(0);
    const m = readFileSync(file('t.env'));
    const tampered = Buffer.from(m);
    tampered[m.length - 300_000]! ^= 1; // inside a frame well past the first MiB
    write('tampered.env', tampered);
    write('truncated.env', m.subarray(0, m.length - 70_000));
    for (const [name, error] of [['tampered.env', /authentication|tag/i], ['truncated.env', /truncated|ended/i]] as const) {
      const r = await run(['decrypt', '--config', 'aes.json', '-i', name, '-o', `${name}.out`]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(error);
      expect(existsSync(file(`${name}.out`))).toBe(false);
      expect(leftovers()).toEqual([]);
    }
  });

  it('SIGINT while a large file is being encrypted: exit 130, no output file and no temporary file left', async () => {
    write('huge', Buffer.alloc(0));
    truncateSync(file('huge'), 1024 * 1024 * 1024); // sparse: a GiB to read that takes no disk
    const child = spawn(process.execPath, [BIN, 'encrypt', '--config', 'aes.json', '-i', 'huge', '-o', 'huge.env'], { cwd: dir, stdio: 'ignore', env: childEnv() });
    const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
    // Signal once the temporary output exists, i.e. while the file is being read and sealed.
    for (let i = 0; i < 3000 && leftovers().length === 0 && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGINT');
    const [code] = await exited;
    expect(code).toBe(130);
    expect(existsSync(file('huge.env'))).toBe(false);
    expect(leftovers()).toEqual([]);
  });
});
