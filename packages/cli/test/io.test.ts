// Issue 14 item 11 (outputs that are not regular files) and issue 19 (binary output to a terminal).
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { BIN, hasScript, onTerminal, workspace } from './helpers.js';

const { dir, run, write, file } = workspace('io');
write('p', 'plaintext that must not land in a device');

describe('outputs that are not regular files are refused, even with --force (exit 2)', () => {
  it('a FIFO stays a FIFO', () => {
    execFileSync('mkfifo', [file('fifo')]);
    const r = run(['encrypt', '--config', 'aes.json', '-i', 'p', '-o', 'fifo', '--force']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not a regular file/);
    expect(statSync(file('fifo')).isFIFO()).toBe(true);
  });
  it('a character device (a copy of /dev/null) stays a device on encrypt and decrypt', () => {
    const made = spawnSync('mknod', [file('null'), 'c', '1', '3']);
    if (made.status !== 0) return; // not allowed here (no root): the FIFO case covers the rule
    expect(run(['encrypt', '--config', 'aes.json', '-i', 'p', '-o', 'p.env']).status).toBe(0);
    expect(run(['decrypt', '--config', 'aes.json', '-i', 'p.env', '-o', 'null', '--force']).status).toBe(2);
    expect(run(['encrypt', '--config', 'aes.json', '-i', 'p', '-o', 'null', '--force']).status).toBe(2);
    expect(statSync(file('null')).isCharacterDevice()).toBe(true);
  });
  it('a directory, and no temporary file is left behind', () => {
    mkdirSync(file('adir'));
    expect(run(['encrypt', '--config', 'aes.json', '-i', 'p', '-o', 'adir', '--force']).status).toBe(2);
    expect(readdirSync(dir).filter((f) => f.includes('envelope-tmp'))).toEqual([]);
  });
  it('a regular file is still replaced with --force', () => {
    write('old.env', 'old');
    expect(run(['encrypt', '--config', 'aes.json', '-i', 'p', '-o', 'old.env', '--force']).status).toBe(0);
    expect(readFileSync(file('old.env')).length).toBeGreaterThan(3);
  });
});

describe.skipIf(!hasScript())('binary output to a terminal', () => {
  it('encrypt refuses to write the message to a terminal unless -o - is explicit', () => {
    const refused = onTerminal(dir, `"${process.execPath}" "${BIN}" encrypt --config aes.json -i p`);
    expect(refused.status).toBe(2);
    expect(refused.stdout.toString()).toMatch(/refusing to write a binary message to the terminal/);
    const insisted = onTerminal(dir, `"${process.execPath}" "${BIN}" encrypt --config aes.json -i p -o -`);
    expect(insisted.status).toBe(0);
    expect(insisted.stdout.length).toBeGreaterThan(100);
  });
});

describe.skipIf(!hasScript())('the progress bar', () => {
  it('is not drawn for a small file at a terminal (it is from 1 MiB on)', () => {
    write('small', 'x'.repeat(77));
    const r = onTerminal(dir, `"${process.execPath}" "${BIN}" encrypt --config aes.json -i small -o small.envelope`, '', { ENVELOPE_NO_PROGRESS: '' });
    expect(r.status).toBe(0);
    expect(r.stdout.toString()).not.toMatch(/MB\/s/);
    write('big', Buffer.alloc(3 * 1024 * 1024, 1));
    const big = onTerminal(dir, `"${process.execPath}" "${BIN}" encrypt --config aes.json -i big -o big.envelope`, '', { ENVELOPE_NO_PROGRESS: '' });
    expect(big.stdout.toString()).toMatch(/encrypt \[.*MB\/s/);
  });
});
