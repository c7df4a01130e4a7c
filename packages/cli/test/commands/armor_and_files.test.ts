// Issue 29 item 14: --armor (text that survives copy-paste; decrypts with the library once
// de-armored as the CLI README says), and several files or a directory tree with --suffix.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { decrypt, RawAesKeyring } from '@envelope/client';
import { workspace } from '../helpers.js';

const { run, write, file } = workspace('armor');
const aes = JSON.parse(readFileSync(file('aes.json'), 'utf8')) as { keyring: { key: string } };
const keyring = new RawAesKeyring({ keyNamespace: 'cli-test', keyName: 'aes-key', wrappingKey: Buffer.from(aes.keyring.key.slice('base64:'.length), 'base64') });

/** De-armoring as the CLI README describes it: drop the two marker lines, join the rest, base64-decode. */
const dearmor = (text: string): Buffer => Buffer.from(text.split(/\r?\n/).filter((l) => l && !l.startsWith('-----')).join(''), 'base64');

describe('--armor', () => {
  const data = randomBytes(200_000);
  write('data.bin', data);
  it('writes 64-column base64 between the markers; decrypt reads it (file, stdin, CRLF) and the library reads it de-armored', async () => {
    expect(run(['encrypt', '--config', 'aes.json', '-i', 'data.bin', '-o', 'data.bin.envelope', '--armor']).status).toBe(0);
    const text = readFileSync(file('data.bin.envelope'), 'utf8');
    const lines = text.split('\n');
    expect(lines[0]).toBe('-----BEGIN ENVELOPE MESSAGE-----');
    expect(lines.at(-2)).toBe('-----END ENVELOPE MESSAGE-----');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(1, -3).every((l) => /^[A-Za-z0-9+/]{64}$/.test(l))).toBe(true);
    const d = run(['decrypt', '--config', 'aes.json', '-i', 'data.bin.envelope', '-o', 'back.bin']);
    expect(d.status, d.stderr).toBe(0);
    expect(readFileSync(file('back.bin')).equals(data)).toBe(true);
    const piped = run(['decrypt', '--config', 'aes.json'], Buffer.from(`\n  ${text.replaceAll('\n', '\r\n')}`));
    expect(piped.status, piped.stderr).toBe(0);
    expect(piped.stdout.equals(data)).toBe(true);
    expect(Buffer.from((await decrypt(keyring, dearmor(text))).plaintext).equals(data)).toBe(true);
  });
  it('a damaged armor is refused (exit 1), and nothing is written', () => {
    const text = readFileSync(file('data.bin.envelope'), 'utf8');
    write('cut.envelope', text.slice(0, text.length - 40));
    const cut = run(['decrypt', '--config', 'aes.json', '-i', 'cut.envelope', '-o', 'cut.out']);
    expect(cut.stderr).toMatch(/armor: /);
    expect(cut.status).toBe(1);
    write('junk.envelope', text.replace(/\n[A-Za-z]/, '\n!'));
    expect(run(['decrypt', '--config', 'aes.json', '-i', 'junk.envelope', '-o', 'junk.out']).stderr).toMatch(/not base64/);
    expect(existsSync(file('cut.out')) || existsSync(file('junk.out'))).toBe(false);
  });
});

describe('several files, a directory tree, --suffix', () => {
  it('a directory round-trips with --suffix; other files are skipped with a warning', () => {
    mkdirSync(file('tree/sub'), { recursive: true });
    const files = { 'tree/a.txt': randomBytes(1000), 'tree/sub/b.bin': randomBytes(70_000), 'tree/sub/.hidden': randomBytes(10) };
    for (const [name, bytes] of Object.entries(files)) write(name, bytes);
    const e = run(['encrypt', '--config', 'aes.json', '--suffix', '.sealed', 'tree']);
    expect(e.status, e.stderr).toBe(0);
    expect(e.stderr).toContain('encrypted 3 of 3 files');
    for (const name of Object.keys(files)) expect(existsSync(file(`${name}.sealed`)), name).toBe(true);
    // A second encrypt skips what already carries the suffix, and refuses to overwrite the rest.
    const again = run(['encrypt', '--config', 'aes.json', '--suffix', '.sealed', 'tree']);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/skipped .*a\.txt\.sealed: already ends with \.sealed/);
    write('tree/prod.env.sealed', 'API_KEY=1234\n'); // a dotenv file that happens to carry the suffix
    for (const name of Object.keys(files)) write(name, 'replaced');
    const d = run(['decrypt', '--config', 'aes.json', '--suffix', '.sealed', '--force', 'tree']);
    expect(d.status, d.stderr).toBe(0);
    expect(d.stderr).toMatch(/skipped .*prod\.env\.sealed is not an Envelope \/ AWS Encryption SDK message \(it is text\)/);
    expect(d.stderr).toMatch(/skipped .*a\.txt: does not end with \.sealed/);
    expect(d.stderr).toContain('decrypted 3 of 3 files, skipped');
    for (const [name, bytes] of Object.entries(files)) expect(readFileSync(file(name)).equals(bytes), name).toBe(true);
    expect(readdirSync(file('tree')).filter((f) => f.includes('envelope-tmp'))).toEqual([]);
  });
  it('files with -i/-o, or no file to do, are usage errors', () => {
    expect(run(['encrypt', '--config', 'aes.json', '-i', 'data.bin', 'tree']).status).toBe(2);
    write('only.env', 'A=1\n');
    const none = run(['decrypt', '--config', 'aes.json', 'only.env']);
    expect(none.stderr).toMatch(/no file to decrypt/);
    expect(none.status).toBe(2);
  });
});
