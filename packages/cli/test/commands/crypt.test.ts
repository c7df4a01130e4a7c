// Issue 14 item 9: decrypt defaults to require-encrypt-require-decrypt; --commitment-policy opts out.
import { describe, expect, it } from 'vitest';
import { workspace } from '../helpers.js';

const { run, write } = workspace('crypt');

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
