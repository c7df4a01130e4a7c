// `envelope rewrap --in-place` on a terminal: a progress bar per file on stderr (raw AES config, no KMS).
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { BIN, hasScript, onTerminal, workspace } from '../helpers.js';

const { dir, run, write, file } = workspace('rewrap-tty');

describe.skipIf(!hasScript())('rewrap on a terminal', () => {
  it('--in-place draws a progress bar labelled with the file number, and the files still decrypt', () => {
    write('data', randomBytes(2_000_000));
    for (const n of ['one.env', 'two.env']) expect(run(['encrypt', '--config', 'aes.json', '-i', 'data', '-o', n]).status).toBe(0);
    const before = readFileSync(file('one.env'));
    const r = onTerminal(dir, `"${process.execPath}" "${BIN}" rewrap --config aes.json --in-place one.env two.env`, '', { ENVELOPE_NO_PROGRESS: '' });
    expect(r.status).toBe(0);
    const screen = r.stdout.toString();
    expect(screen).toMatch(/rewrap 1\/2 \[/);
    expect(screen).toMatch(/rewrap 2\/2 \[/);
    expect(screen).toContain('rewrapped 2 of 2 files');
    // Same keys, new header: the file changed, and it still decrypts to the same bytes.
    expect(readFileSync(file('one.env')).equals(before)).toBe(false);
    const d = run(['decrypt', '--config', 'aes.json', '-i', 'one.env', '-o', 'back']);
    expect(d.status, d.stderr).toBe(0);
    expect(readFileSync(file('back')).equals(readFileSync(file('data')))).toBe(true);
  });
});
