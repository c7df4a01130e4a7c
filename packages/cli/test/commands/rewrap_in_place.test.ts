// rewrap --in-place and links: the old version of a message must not survive beside the new one
// (two versions of one message are what an attacker wants). A symlink's target is rewritten and
// the link stays a link; a file with other hard links is refused (exit 2) and left as it was; the
// file and its directory are fsynced before success is reported.
import { describe, expect, it } from 'vitest';
import { existsSync, linkSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { BIN, workspace } from '../helpers.js';

const { dir, run, write, file } = workspace('in-place');
const messageId = (b: Buffer): string => b.subarray(3, 35).toString('hex');
const encrypted = (name: string): Buffer => {
  write(`${name}.bin`, Buffer.alloc(5000, 7));
  expect(run(['encrypt', '--config', 'aes.json', '-i', `${name}.bin`, '-o', name]).status).toBe(0);
  return readFileSync(file(name));
};

describe('rewrap --in-place and links', () => {
  it('through a symlink (into another directory): the target is rewritten there, the link stays a link to it', () => {
    mkdirSync(file('store'));
    const before = encrypted('store/m.env');
    symlinkSync(path.join('store', 'm.env'), file('link.env'));
    const r = run(['rewrap', '--config', 'aes.json', '--in-place', 'link.env']);
    expect(r.status, r.stderr).toBe(0);
    expect(lstatSync(file('link.env')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(file('link.env'))).toBe(path.join('store', 'm.env'));
    const after = readFileSync(file('store/m.env'));
    expect(messageId(after)).not.toBe(messageId(before)); // the target holds the new version
    expect(readdirSync(file('store')).filter((n) => n.includes('envelope-tmp'))).toEqual([]);
    expect(readdirSync(dir).filter((n) => n.includes('envelope-tmp'))).toEqual([]);
    const d = run(['decrypt', '--config', 'aes.json', '-i', 'link.env', '-o', 'link.out']);
    expect(d.status, d.stderr).toBe(0);
    expect(readFileSync(file('link.out')).equals(readFileSync(file('store/m.env.bin')))).toBe(true);
  });

  it('a file with another hard link: exit 2 saying why, both names unchanged; the other files of the run are rewrapped', () => {
    const before = encrypted('h.env');
    linkSync(file('h.env'), file('h2.env'));
    const other = encrypted('o.env');
    const r = run(['rewrap', '--config', 'aes.json', '--in-place', 'h.env', 'o.env']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/h\.env has 1 other hard link\(s\): the old version would stay readable under them; refusing/);
    expect(r.stderr).toContain('rewrapped 1 of 2 files; failed: h.env');
    expect(readFileSync(file('h.env')).equals(before)).toBe(true);
    expect(readFileSync(file('h2.env')).equals(before)).toBe(true);
    expect(messageId(readFileSync(file('o.env')))).not.toBe(messageId(other));
  });

  const strace = spawnSync('strace', ['-V']).status === 0;
  it.skipIf(!strace)('fsyncs the new file before the rename and its directory after it (seen with strace)', () => {
    encrypted('s.env');
    const log = file('strace.log');
    const r = spawnSync('strace', ['-f', '-e', 'trace=openat,fsync,rename,renameat,renameat2', '-o', log, process.execPath, BIN, 'rewrap', '--config', 'aes.json', '--in-place', 's.env'], { cwd: dir, env: { ...process.env, ENVELOPE_CONFIG: '' } });
    expect(r.status, r.stderr.toString()).toBe(0);
    const lines = readFileSync(log, 'utf8').split('\n').map((l) => l.replace(/^\d+\s+/, ''));
    const tmpOpen = lines.find((l) => /openat\(.*\.s\.env\.envelope-tmp-[0-9a-f]+", O_WRONLY\|O_CREAT\|O_EXCL/.test(l))!;
    expect(tmpOpen).toBeDefined();
    const tmpFd = /= (\d+)$/.exec(tmpOpen)![1];
    const at = (re: RegExp): number => lines.findIndex((l) => re.test(l));
    const fileSync = at(new RegExp(`^fsync\\(${tmpFd}\\)\\s+= 0`));
    const renamed = at(/^rename(at2?)?\(.*\.s\.env\.envelope-tmp-.*s\.env"/);
    const dirOpen = lines.findIndex((l, i) => i > renamed && new RegExp(`openat\\(AT_FDCWD, "${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}", O_RDONLY`).test(l));
    const dirFd = /= (\d+)$/.exec(lines[dirOpen] ?? '')?.[1];
    const dirSync = lines.findIndex((l, i) => i > dirOpen && l.startsWith(`fsync(${dirFd})`));
    expect(fileSync).toBeGreaterThan(0);
    expect(renamed).toBeGreaterThan(fileSync);
    expect(dirOpen).toBeGreaterThan(renamed);
    expect(dirSync).toBeGreaterThan(dirOpen);
    expect(existsSync(file('s.env'))).toBe(true);
  });
});
