// The native AES-GCM addon beside node:crypto: the backend a process uses, and messages that are the
// same byte for byte whichever of the two wrote them. Backends are chosen when core loads, so each
// runs in a process of its own (the built dist/, as the CLI does).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cryptoBackend, cryptoBackendInfo } from '@envelope/core';

const core = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

/**
 * A child that encrypts a fixed set of messages with deterministic "random" bytes (message ids,
 * IVs of nothing else: the data key comes from a fixed keyring) and prints each message's SHA-256,
 * then decrypts every message given on stdin (hex, one per line) and prints its plaintext's SHA-256.
 */
const CHILD = `
import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
let counter = 0;
crypto.randomBytes = (n) => { const out = Buffer.alloc(n); for (let o = 0; o < n; o += 32) crypto.createHash('sha256').update(String(counter++)).digest().copy(out, o); return out; };
syncBuiltinESMExports();
const { encrypt, decrypt, encryptStream, decryptStream, cryptoBackend } = await import(${JSON.stringify(core)});
const { Readable } = await import('node:stream');
const keyring = (len) => ({
  async onEncrypt(m) { return { ...m, plaintextDataKey: new Uint8Array(m.suite.keyLength).fill(7), encryptedDataKeys: [{ providerId: 'p', providerInfo: new Uint8Array([1]), ciphertext: new Uint8Array([1]) }] }; },
  async onDecrypt(m) { return { ...m, plaintextDataKey: new Uint8Array(m.suite.keyLength).fill(7) }; },
});
const policy = (s) => (s >= 0x0478 ? 'require-encrypt-require-decrypt' : 'forbid-encrypt-allow-decrypt');
const plain = (n) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + 7) & 255));
const collect = async (stream, chunks) => { const out = []; const done = (async () => { for await (const c of stream) out.push(c); })(); for (const c of chunks) stream.write(c); stream.end(); await done; return Buffer.concat(out); };
const out = { backend: cryptoBackend.name, messages: [] };
for (const suiteId of [0x0014, 0x0146, 0x0478]) {
  for (const [n, frameLength] of [[0, 4096], [1, 4096], [4095, 4096], [4096, 4096], [70000, 4096], [200000, 65536]]) {
    const o = { suiteId, frameLength, commitmentPolicy: policy(suiteId) };
    const { ciphertext } = await encrypt(keyring(), plain(n), o);
    out.messages.push(Buffer.from(ciphertext).toString('hex'));
  }
  for (const concurrency of [1, 2]) {
    const p = plain(300000);
    const chunks = []; for (let i = 0; i < p.length; i += 10007) chunks.push(p.subarray(i, i + 10007));
    out.messages.push((await collect(encryptStream(keyring(), { suiteId, frameLength: 4096, concurrency, commitmentPolicy: policy(suiteId) }), chunks)).toString('hex'));
  }
}
const theirs = (await new Promise((r) => { let s = ''; process.stdin.setEncoding('utf8').on('data', (d) => (s += d)).on('end', () => r(s)); })).split('\\n').filter(Boolean);
out.opened = [];
for (const hex of theirs) {
  const r = await decrypt(keyring(), Buffer.from(hex, 'hex'), { commitmentPolicy: 'require-encrypt-allow-decrypt' });
  out.opened.push(crypto.createHash('sha256').update(r.plaintext).digest('hex'));
}
console.log(JSON.stringify(out));
`;

function child(env: Record<string, string>, input = ''): { backend: string; messages: string[]; opened: string[] } {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD], { input, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 256 * 2 ** 20 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

describe('the crypto backend', () => {
  it('this process uses the addon unless ENVELOPE_NATIVE=0 (the suite runs both ways; the addon is built with the workspace)', () => {
    expect(cryptoBackend.name).toBe(process.env.ENVELOPE_NATIVE === '0' ? 'node' : 'native');
    expect(cryptoBackendInfo().description).toMatch(process.env.ENVELOPE_NATIVE === '0' ? /^node:crypto \(ENVELOPE_NATIVE=0\)$/ : /^native \(OpenSSL 3\./);
  });

  it('messages are the same bytes with the addon and with node:crypto, and each opens the other’s', () => {
    const node = child({ ENVELOPE_NATIVE: '0' });
    const native = child({ ENVELOPE_NATIVE: '1' }, node.messages.join('\n'));
    expect([node.backend, native.backend]).toEqual(['node', 'native']);
    expect(native.messages.length).toBeGreaterThan(20);
    expect(native.messages).toEqual(node.messages);
    expect(native.opened.length).toBe(node.messages.length);
    const back = child({ ENVELOPE_NATIVE: '0' }, native.messages.join('\n'));
    expect(back.opened).toEqual(native.opened);
  });

  it('an encrypting stream’s output, kept through views only, stays as written across collections and later streams (the addon recycles collected output memory)', () => {
    const script = `
      const { encryptStream, decrypt, cryptoBackend } = await import(${JSON.stringify(core)});
      const key = new Uint8Array(32).fill(7);
      const keyring = { async onEncrypt(m) { return { ...m, plaintextDataKey: key.slice(0, m.suite.keyLength), encryptedDataKeys: [{ providerId: 'p', providerInfo: new Uint8Array([1]), ciphertext: new Uint8Array([1]) }] }; }, async onDecrypt(m) { return { ...m, plaintextDataKey: key.slice(0, m.suite.keyLength) }; } };
      const plain = Buffer.from(Array.from({ length: 1_500_000 }, (_, i) => (i * 13 + 1) & 255));
      const run = async (keep) => { const t = encryptStream(keyring, { suiteId: 0x0478, frameLength: 4096 }); const done = (async () => { for await (const c of t) keep(c); })(); for (let o = 0; o < plain.length; o += 65536) t.write(plain.subarray(o, o + 65536)); t.end(); await done; };
      const views = [];
      await run((c) => views.push(c.subarray(1))); // the chunk itself is dropped; views of its memory are kept
      const before = Buffer.concat(views.map((v) => Buffer.from(v)));
      for (let i = 0; i < 6; i++) { global.gc(); await new Promise(setImmediate); await run((c) => c.fill(0xee)); }
      global.gc(); await new Promise(setImmediate);
      const after = Buffer.concat(views.map((v) => Buffer.from(v)));
      console.log(JSON.stringify({ backend: cryptoBackend.name, views: views.length, same: after.equals(before) }));
    `;
    const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, ENVELOPE_NATIVE: '1' } });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toEqual({ backend: 'native', views: expect.any(Number), same: true });
  });
});
