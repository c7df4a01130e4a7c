// Issue 29 items 9, 10, 12: errors that say what to do. Not a message: named (dotenv/text, gzip,
// age, empty); the wrong key: the message's keys beside the keys given; --identity opens an escrow
// EDK a config wrote under its own name; keygen prints the fingerprint inspect shows.
import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { BIN, hasScript, onTerminalAnswering, workspace } from './helpers.js';

const { run, write, file, dir } = workspace('messages');

describe('an input that is not a message', () => {
  it.each([
    ['prod.env', Buffer.from('DATABASE_URL=postgres://x\nAPI_KEY=abc\n'), /^envelope: prod\.env is not an Envelope \/ AWS Encryption SDK message \(it is text\)\n$/],
    ['data.gz', gzipSync(Buffer.from('hello')), /data\.gz is not an Envelope \/ AWS Encryption SDK message \(it looks like a gzip file\)/],
    ['secret.age', Buffer.from('age-encryption.org/v1\n-> X25519 abc\n'), /it looks like an age file/],
    ['empty', Buffer.alloc(0), /^envelope: empty is empty\n$/],
  ])('decrypt -i %s: exit 1, says what it is, before any key is loaded', (name, bytes, message) => {
    write(name, bytes);
    // A config that cannot even be read: the input is refused before it would matter.
    const r = run(['decrypt', '--config', 'missing.json', '-i', name, '-o', 'out']);
    expect(r.stderr).toMatch(message);
    expect(r.status).toBe(1);
  });
  it('the same from stdin, and from inspect', () => {
    const s = run(['decrypt', '--config', 'aes.json'], Buffer.from('FOO=bar\n'));
    expect(s.stderr).toBe('envelope: stdin is not an Envelope / AWS Encryption SDK message (it is text)\n');
    expect(s.status).toBe(1);
    const e = run(['decrypt', '--config', 'aes.json'], Buffer.alloc(0));
    expect(e.stderr).toBe('envelope: stdin is empty\n');
    const i = run(['inspect', '-i', 'prod.env']);
    expect(i.stderr).toMatch(/prod\.env is not an Envelope \/ AWS Encryption SDK message/);
    expect(i.status).toBe(1);
  });
});

describe('keys', () => {
  it('keygen prints the sha256 fingerprint that inspect shows for -r keys', () => {
    const k = run(['keygen', 'rsa', '--bits', '2048', '-o', 'alice']);
    const fingerprint = /fingerprint (sha256:[0-9a-f]{64})/.exec(k.stderr)?.[1];
    expect(fingerprint).toBeDefined();
    write('p', 'to alice');
    expect(run(['encrypt', '-r', 'alice.pub.pem', '-i', 'p', '-o', 'p.envelope']).status).toBe(0);
    expect(run(['inspect', '-i', 'p.envelope']).stdout.toString()).toContain(fingerprint);
  });
  it('the wrong --identity: exit 3, the message keys and the key given', () => {
    run(['keygen', 'rsa', '--bits', '2048', '-o', 'bob']);
    const alice = /fingerprint (sha256:[0-9a-f]{64})/.exec(run(['keygen', 'rsa', '--bits', '2048', '-o', 'alice2']).stderr)![1]!;
    expect(run(['encrypt', '-r', 'alice2.pub.pem', '-i', 'p', '-o', 'a2.envelope']).status).toBe(0);
    const r = run(['decrypt', '--identity', 'bob.pem', '-i', 'a2.envelope', '-o', 'x']);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(`the message can be opened by:\n  envelope-rsa ${alice}\ngiven:\n  --identity bob.pem (sha256:`);
  });
  it('--identity opens the escrow data key a config wrote under its own namespace and name', () => {
    write('escrow.json', JSON.stringify({ keyring: { type: 'raw-rsa', keyNamespace: 'escrow', keyName: 'escrow-1', publicKey: 'bob.pub.pem', padding: 'oaep-sha1' } }));
    expect(run(['encrypt', '--config', 'escrow.json', '-i', 'p', '-o', 'esc.envelope']).status).toBe(0);
    const r = run(['decrypt', '--identity', 'bob.pem', '-i', 'esc.envelope', '-o', 'esc.out']);
    expect(r.stderr).toContain('decrypted with escrow escrow/escrow-1');
    expect(r.status).toBe(0);
    expect(readFileSync(file('esc.out'), 'utf8')).toBe('to alice');
  });
  it('--max-encrypted-data-keys refuses a message with more keys (exit 1) and a bad value (exit 2)', () => {
    write('two.json', JSON.stringify({ keyring: { type: 'multi', generator: { type: 'raw-rsa', keyNamespace: 'a', keyName: 'a', publicKey: 'bob.pub.pem', privateKey: 'bob.pem', padding: 'oaep-sha256' }, children: [{ type: 'raw-rsa', keyNamespace: 'b', keyName: 'b', publicKey: 'alice2.pub.pem', padding: 'oaep-sha256' }] } }));
    expect(run(['encrypt', '--config', 'two.json', '-i', 'p', '-o', 'two.envelope']).status).toBe(0);
    const r = run(['decrypt', '--config', 'two.json', '-i', 'two.envelope', '-o', 'two.out', '--max-encrypted-data-keys', '1']);
    expect(r.stderr).toMatch(/more than maxEncryptedDataKeys \(1\)/);
    expect(r.status).toBe(1);
    expect(run(['decrypt', '--config', 'two.json', '-i', 'two.envelope', '-o', 'two.out', '--max-encrypted-data-keys', '2']).status).toBe(0);
    expect(run(['encrypt', '--config', 'two.json', '-i', 'p', '-o', 'x.envelope', '--max-encrypted-data-keys', '1']).status).toBe(1);
    expect(run(['decrypt', '--config', 'two.json', '-i', 'two.envelope', '--max-encrypted-data-keys', 'many']).status).toBe(2);
  });
});

describe('batch commands skip what is not a message (issue 29 item 11)', () => {
  it('rewrap --in-place *.envelope-like globs: a dotenv file is skipped with a warning and left as it was', () => {
    expect(run(['encrypt', '--config', 'aes.json', '-i', 'p', '-o', 'one.envelope']).status).toBe(0);
    write('prod.env', 'API_KEY=1234\n');
    const r = run(['rewrap', '--config', 'aes.json', '--in-place', 'one.envelope', 'prod.env']);
    expect(r.stderr).toContain('envelope: skipped prod.env is not an Envelope / AWS Encryption SDK message (it is text)');
    expect(r.stderr).toContain('rewrapped 1 of 1 file, skipped 1');
    expect(r.status).toBe(0);
    expect(readFileSync(file('prod.env'), 'utf8')).toBe('API_KEY=1234\n');
  });
});

describe.skipIf(!hasScript())('a mistyped passphrase at a terminal (issue 29 item 12)', () => {
  it('decrypt --identity asks again after a wrong passphrase, and opens the message with the right one', async () => {
    const made = run(['keygen', 'rsa', '--bits', '2048', '-o', 'locked', '--passphrase-env', 'PASS'], undefined, { PASS: 'right horse' });
    expect(made.status).toBe(0);
    expect(run(['encrypt', '-r', 'locked.pub.pem', '-i', 'p', '-o', 'locked.envelope']).status).toBe(0);
    const r = await onTerminalAnswering(dir, `"${process.execPath}" "${BIN}" decrypt --identity locked.pem -i locked.envelope -o locked.out`, [
      { match: /Passphrase of locked\.pem: /, answer: 'wrong\r' },
      { match: /try again[\s\S]*Passphrase of locked\.pem: /, answer: 'right horse\r' },
    ]);
    expect(r.status).toBe(0);
    expect(readFileSync(file('locked.out'), 'utf8')).toBe('to alice');
  });
});
