// Issue 14 item 10 (--force writes a fresh 0600 file and renames it) and issue 19 (-o, passphrases).
import { describe, expect, it } from 'vitest';
import { chmodSync, lstatSync, readFileSync, readlinkSync, statSync, symlinkSync } from 'node:fs';
import { createPrivateKey } from 'node:crypto';
import { BIN, hasScript, onTerminalAnswering, workspace } from '../helpers.js';

const { dir, run, write, file } = workspace('keygen');
const mode = (name: string): number => statSync(file(name)).mode & 0o777;

describe('keygen rsa --force', () => {
  it('over an existing 0644 file: the new private key is 0600', () => {
    write('k.pem', 'old');
    chmodSync(file('k.pem'), 0o644);
    expect(run(['keygen', 'rsa', '--bits', '2048', '-o', 'k']).status).toBe(2); // exists, no --force
    expect(run(['keygen', 'rsa', '--bits', '2048', '-o', 'k', '--force']).status).toBe(0);
    expect(mode('k.pem')).toBe(0o600);
    expect(readFileSync(file('k.pem'), 'utf8')).toContain('BEGIN PRIVATE KEY');
  });
  it('over a symlink: the link is replaced, its target is not written', () => {
    write('target.txt', 'not a key');
    chmodSync(file('target.txt'), 0o644);
    symlinkSync(file('target.txt'), file('l.pem'));
    expect(run(['keygen', 'rsa', '--bits', '2048', '-o', 'l', '--force']).status).toBe(0);
    expect(readFileSync(file('target.txt'), 'utf8')).toBe('not a key');
    expect(lstatSync(file('l.pem')).isSymbolicLink()).toBe(false);
    expect(mode('l.pem')).toBe(0o600);
  });
  it('a dangling symlink is replaced too, never followed', () => {
    symlinkSync(file('elsewhere.pem'), file('d.pem'));
    expect(readlinkSync(file('d.pem'))).toBe(file('elsewhere.pem'));
    expect(run(['keygen', 'rsa', '--bits', '2048', '-o', 'd', '--force']).status).toBe(0);
    expect(() => statSync(file('elsewhere.pem'))).toThrow();
    expect(mode('d.pem')).toBe(0o600);
  });
});

describe('keygen rsa -o and passphrases', () => {
  it('-o and the old --out both name the prefix', () => {
    expect(run(['keygen', 'rsa', '--bits', '2048', '-o', 'a']).status).toBe(0);
    expect(run(['keygen', 'rsa', '--bits', '2048', '--out', 'b']).status).toBe(0);
    expect(readFileSync(file('b.pub.pem'), 'utf8')).toContain('BEGIN PUBLIC KEY');
    expect(run(['keygen', 'rsa', '--bits', '2048']).status).toBe(2);
  });
  it('--passphrase-env VAR writes an encrypted PKCS#8 key that opens with the passphrase only', () => {
    expect(run(['keygen', 'rsa', '--bits', '2048', '-o', 'enc', '--passphrase-env', 'KEY_PASS'], undefined, { KEY_PASS: 's3cret' }).status).toBe(0);
    const pem = readFileSync(file('enc.pem'), 'utf8');
    expect(pem).toContain('BEGIN ENCRYPTED PRIVATE KEY');
    expect(createPrivateKey({ key: pem, passphrase: 's3cret' }).asymmetricKeyType).toBe('rsa');
    expect(() => createPrivateKey({ key: pem, passphrase: 'wrong' })).toThrow();
    expect(run(['keygen', 'rsa', '--bits', '2048', '-o', 'nope', '--passphrase-env', 'UNSET_VAR_X']).status).toBe(2);
  });
  it.skipIf(!hasScript())('on a terminal it asks for the passphrase twice, without echo', async () => {
    const r = await onTerminalAnswering(dir, `"${process.execPath}" "${BIN}" keygen rsa --bits 2048 -o tty`, [
      { match: /Passphrase for tty\.pem/, answer: 'typed-pass\r' },
      { match: /Same passphrase again/, answer: 'typed-pass\r' },
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout.toString()).toMatch(/Passphrase for tty\.pem/);
    expect(r.stdout.toString()).not.toContain('typed-pass');
    const pem = readFileSync(file('tty.pem'), 'utf8');
    expect(createPrivateKey({ key: pem, passphrase: 'typed-pass' }).type).toBe('private');
  });
});
