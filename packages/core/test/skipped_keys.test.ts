// Keys a keyring skipped under its minKeys are never silent: encrypt's result, the 'skippedKeys'
// event of encryptStream and rewrapStream, and a repair rewrap that would lose a key fails.
// (Against kms-local with a region down: packages/registry/test/rewrap_acceptance.test.ts.)
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { Readable, Writable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { decrypt, encrypt, encryptStream, rewrap, rewrapStream, KeyringError, type EncryptedDataKey, type KeyAttempt, type Keyring } from '@envelope/core';

const DOWN: KeyAttempt = { keyring: 'test-kms', keyId: 'key-in-eu', region: 'eu-west-1', reason: 'region down' };
/** How callers are told of DOWN (DESIGN: KeyDescription & { error?: string }): the provider id and the reason as text. */
const REPORTED = { ...DOWN, providerId: 'test-kms', error: 'region down' };

/** Wraps by XOR under keys named `names`; those in `down` are skipped (reported) instead. */
function regions(names: readonly string[], down: Set<string>): Keyring {
  const pad = (n: string) => Buffer.alloc(32, n.charCodeAt(0));
  const wrap = (k: Uint8Array, n: string) => Uint8Array.from(k, (b, i) => b ^ pad(n)[i]!);
  return {
    async onEncrypt(m) {
      const key = m.plaintextDataKey ?? randomBytes(m.suite.keyLength);
      const edks: EncryptedDataKey[] = names.filter((n) => !down.has(n)).map((n) => ({ providerId: 'test-kms', providerInfo: Buffer.from(n), ciphertext: wrap(key, n) }));
      const skipped = names.filter((n) => down.has(n)).map((n) => ({ ...DOWN, keyId: n }));
      return { ...m, plaintextDataKey: key, encryptedDataKeys: [...m.encryptedDataKeys, ...edks], ...(skipped.length ? { skippedKeys: skipped } : {}) };
    },
    async onDecrypt(m, edks) {
      const e = edks.find((x) => x.providerId === 'test-kms');
      return e ? { ...m, plaintextDataKey: wrap(e.ciphertext, Buffer.from(e.providerInfo).toString()) } : m;
    },
  };
}

async function run(t: Transform, input: Uint8Array): Promise<{ out: Buffer; skipped: unknown[]; order: string[] }> {
  const parts: Buffer[] = [];
  const skipped: unknown[] = [];
  const order: string[] = [];
  t.on('skippedKeys', (k: unknown) => (skipped.push(k), order.push('skippedKeys')));
  t.on('header', () => order.push('header'));
  t.on('end', () => order.push('end'));
  await pipeline(Readable.from([Buffer.from(input)]), t, new Writable({ write(c: Buffer, _e, cb) { parts.push(c); cb(); } }));
  return { out: Buffer.concat(parts), skipped, order };
}

describe('skipped keys', () => {
  it('encrypt returns them; encryptStream emits them once, after the header and before the end; none: no event', async () => {
    const down = new Set(['eu']);
    const k = regions(['us', 'eu', 'ap'], down);
    const r = await encrypt(k, 'x');
    expect(r.skippedKeys).toEqual([{ ...REPORTED, keyId: 'eu' }]);
    const s = await run(encryptStream(k), Buffer.from('hello'));
    expect(s.skipped).toEqual([[{ ...REPORTED, keyId: 'eu' }]]);
    expect(s.order).toEqual(['header', 'skippedKeys', 'end']);
    down.clear();
    expect((await run(encryptStream(k), Buffer.from('hello'))).skipped).toEqual([]);
  });

  it('a repair rewrap (from === to) that would drop a key fails with KeyringError naming it, and returns nothing; allowFewerKeys lets it through', async () => {
    const down = new Set<string>();
    const k = regions(['us', 'eu', 'ap'], down);
    const m = await encrypt(k, 'three regions');
    expect(m.header.encryptedDataKeys).toHaveLength(3);
    down.add('eu');
    const e = await rewrap(m.ciphertext, { from: k, to: k }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(KeyringError);
    expect((e as KeyringError).message).toMatch(/2 key\(s\) where the old one has 3.*eu \(eu-west-1\)/);
    expect((e as KeyringError).attempts).toEqual([{ ...DOWN, keyId: 'eu' }]);
    const allowed = await rewrap(m.ciphertext, { from: k, to: k, allowFewerKeys: true });
    expect(allowed.header.encryptedDataKeys).toHaveLength(2);
    expect(allowed.skippedKeys).toEqual([{ ...REPORTED, keyId: 'eu' }]);
    // Another keyring as `to` (moving keys) is not a repair: allowed unless asked otherwise.
    const other = regions(['us', 'eu', 'ap'], down);
    expect((await rewrap(m.ciphertext, { from: k, to: other })).header.encryptedDataKeys).toHaveLength(2);
    await expect(rewrap(m.ciphertext, { from: k, to: other, allowFewerKeys: false })).rejects.toBeInstanceOf(KeyringError);
    down.clear();
    const repaired = await rewrap(allowed.ciphertext, { from: k, to: k });
    expect(repaired.header.encryptedDataKeys).toHaveLength(3);
    expect(Buffer.from((await decrypt(k, repaired.ciphertext)).plaintext).toString()).toBe('three regions');
  });

  it('rewrapStream emits skippedKeys when allowed, and under the repair guard fails before writing any byte', async () => {
    const down = new Set<string>();
    const k = regions(['us', 'eu', 'ap'], down);
    const m = await encrypt(k, randomBytes(10_000), { frameLength: 1024 });
    down.add('ap');
    const ok = await run(rewrapStream({ from: k, to: k, allowFewerKeys: true }), m.ciphertext);
    expect(ok.skipped).toEqual([[{ ...REPORTED, keyId: 'ap' }]]);
    expect(ok.order.indexOf('skippedKeys')).toBeLessThan(ok.order.indexOf('end'));
    const t = rewrapStream({ from: k, to: k });
    const written: Buffer[] = [];
    t.on('data', (c: Buffer) => written.push(c));
    await expect(pipeline(Readable.from([Buffer.from(m.ciphertext)]), t)).rejects.toBeInstanceOf(KeyringError);
    expect(written).toHaveLength(0);
  });
});
