// Issue 14 item 9: decrypt defaults to require-encrypt-require-decrypt; --commitment-policy opts out.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { workspace } from '../helpers.js';

const { run, write, file } = workspace('crypt');

describe('decrypt --commitment-policy', () => {
  write('p', 'a legacy message');
  it('a v1 message without key commitment is refused by default (exit 1) and opened with require-encrypt-allow-decrypt', () => {
    const enc = run(['encrypt', '--config', 'aes.json', '-i', 'p', '-o', 'v1.env', '--suite', '0x0178', '--commitment-policy', 'forbid-encrypt-allow-decrypt']);
    expect(enc.status).toBe(0);
    const refused = run(['decrypt', '--config', 'aes.json', '-i', 'v1.env', '-o', 'v1.out']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/commitment/i);
    const opened = run(['decrypt', '--config', 'aes.json', '-i', 'v1.env', '--commitment-policy', 'require-encrypt-allow-decrypt']);
    expect(opened.status).toBe(0);
    expect(opened.stdout.toString()).toBe('a legacy message');
  });
  it('a committing message opens under every policy; an unknown policy is a usage error', () => {
    expect(run(['encrypt', '--config', 'aes.json', '-i', 'p', '-o', 'v2.env']).status).toBe(0);
    for (const policy of ['require-encrypt-require-decrypt', 'require-encrypt-allow-decrypt', 'forbid-encrypt-allow-decrypt']) {
      expect(run(['decrypt', '--config', 'aes.json', '-i', 'v2.env', '--commitment-policy', policy]).status).toBe(0);
    }
    expect(run(['decrypt', '--config', 'aes.json', '-i', 'v2.env', '--commitment-policy', 'lenient']).status).toBe(2);
  });
});

// Issue 21: --jobs hands the frames to the core's worker threads; the message is the same format.
describe('--jobs', () => {
  const data = Buffer.alloc(3 * 1024 * 1024 + 4099, 7);
  write('big', data);
  it('a message written with --jobs 2 opens single-threaded and the other way round, identical to the input', () => {
    for (const suite of ['0x0478', '0x0578']) {
      expect(run(['encrypt', '--config', 'aes.json', '-i', 'big', '-o', 'j2.env', '--jobs', '2', '--suite', suite, '--force']).status).toBe(0);
      const one = run(['decrypt', '--config', 'aes.json', '-i', 'j2.env', '--jobs', '1']);
      expect(one.status).toBe(0);
      expect(one.stdout.equals(data)).toBe(true);
      expect(run(['encrypt', '--config', 'aes.json', '-i', 'big', '-o', 'j1.env', '--suite', suite, '--force']).status).toBe(0);
      const two = run(['decrypt', '--config', 'aes.json', '-i', 'j1.env', '-o', 'j1.out', '--jobs', '2', '--force']);
      expect(two.status).toBe(0);
      expect(readFileSync(file('j1.out')).equals(data)).toBe(true);
      const auto = run(['decrypt', '--config', 'aes.json', '-i', 'j1.env', '--jobs', 'auto']);
      expect(auto.stdout.equals(data)).toBe(true);
    }
  });
  it('a tampered frame fails with --jobs 2 too (exit 1, no output file)', () => {
    expect(run(['encrypt', '--config', 'aes.json', '-i', 'big', '-o', 't.env', '--suite', '0x0478', '--force']).status).toBe(0);
    const m = readFileSync(file('t.env'));
    m[Math.floor(m.length / 2)]! ^= 1;
    write('tampered.env', m);
    const t = run(['decrypt', '--config', 'aes.json', '-i', 'tampered.env', '-o', 'tampered.out', '--jobs', '2']);
    expect(t.status).toBe(1);
    expect(existsSync(file('tampered.out'))).toBe(false);
  });
  it('a bad footer signature fails with --jobs 2 (the signed suite hashed on a second thread): exit 1, no output file', () => {
    expect(run(['encrypt', '--config', 'aes.json', '-i', 'big', '-o', 's.env', '--suite', '0x0578', '--jobs', '2', '--force']).status).toBe(0);
    const m = readFileSync(file('s.env'));
    m[m.length - 5]! ^= 1;
    write('badsig.env', m);
    const t = run(['decrypt', '--config', 'aes.json', '-i', 'badsig.env', '-o', 'badsig.out', '--jobs', '2']);
    expect(t.status).toBe(1);
    expect(t.stderr.toString()).toMatch(/signature/i);
    expect(existsSync(file('badsig.out'))).toBe(false);
  });
  it('a bad --jobs is a usage error (exit 2)', () => {
    for (const bad of ['0', '65', 'x', '1.5', '-1']) expect(run(['encrypt', '--config', 'aes.json', '-i', 'big', '-o', 'bad.env', '--jobs', bad]).status).toBe(2);
  });
});

// Issue 21: the CLI writes 64 KiB frames unless told otherwise (the library's default stays 4096).
describe('encrypt --frame-length', () => {
  const data = Buffer.alloc(200_000, 7);
  write('fl', data);
  const frameLength = (message: string): number => (JSON.parse(run(['inspect', '-i', message, '--json']).stdout.toString()) as { frameLength: number }).frameLength;
  it('the default is 65536; --frame-length 4096 and 0 (non-framed) still apply; each round trip is identical', () => {
    for (const [flags, expected] of [[[], 65536], [['--frame-length', '4096'], 4096], [['--frame-length', '0'], 0]] as const) {
      expect(run(['encrypt', '--config', 'aes.json', '-i', 'fl', '-o', 'fl.env', '--force', ...flags]).status).toBe(0);
      expect(frameLength('fl.env')).toBe(expected);
      const out = run(['decrypt', '--config', 'aes.json', '-i', 'fl.env']);
      expect(out.status).toBe(0);
      expect(out.stdout.equals(data)).toBe(true);
    }
  });
});
