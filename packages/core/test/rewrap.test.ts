// rewrap / rewrapStream with self-contained wrapping keyrings (the kms-local acceptance is in
// packages/registry/test/rewrap_acceptance.test.ts).
import { describe, expect, it } from 'vitest';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import {
  decrypt,
  encrypt,
  rewrap,
  rewrapStream,
  parseHeader,
  InvalidArgumentError,
  AbortedError,
  CachingMaterialsManager,
  KeyringError,
  NoKeyDecryptedError,
  SUITE_IDS,
  isEnvelopeError,
  type DecryptionMaterials,
  type EncryptedDataKey,
  type EncryptionMaterials,
  type Keyring,
  type MessageHeader,
} from '@envelope/core';
import { policyFor } from './helpers.js';

/** A keyring that wraps a given data key by XOR with its own pad (generates one if none is given). */
function padKeyring(name: string): Keyring & { wraps: number } {
  const pad = randomBytes(32);
  const xor = (k: Uint8Array): Uint8Array => k.map((b, i) => b ^ pad[i]!);
  const k = {
    wraps: 0,
    async onEncrypt(m: EncryptionMaterials): Promise<EncryptionMaterials> {
      k.wraps++;
      const key = m.plaintextDataKey ?? randomBytes(m.suite.keyLength);
      const edk: EncryptedDataKey = { providerId: name, providerInfo: Buffer.from(name), ciphertext: xor(key) };
      return { ...m, plaintextDataKey: key, encryptedDataKeys: [...m.encryptedDataKeys, edk] };
    },
    async onDecrypt(m: DecryptionMaterials, edks: readonly EncryptedDataKey[]): Promise<DecryptionMaterials> {
      const e = edks.find((x) => x.providerId === name);
      return e ? { ...m, plaintextDataKey: xor(e.ciphertext), decryptedBy: { providerId: name, keyId: name } } : m;
    },
  };
  return k;
}

const indexOf = (hay: Uint8Array, needle: Uint8Array): number => Buffer.from(hay).indexOf(Buffer.from(needle));

async function streamed(input: Uint8Array, t: NodeJS.ReadWriteStream & Readable, chunk: number): Promise<{ out: Buffer; header?: MessageHeader }> {
  const parts: Buffer[] = [];
  let header: MessageHeader | undefined;
  t.on('header', (h: MessageHeader) => (header = h));
  const chunks = function* () {
    for (let o = 0; o < input.length; o += chunk) yield Buffer.from(input.subarray(o, o + chunk));
  };
  await pipeline(Readable.from(chunks()), t, new Writable({ write(c: Buffer, _e, cb) { parts.push(c); cb(); } }));
  return { out: Buffer.concat(parts), ...(header ? { header } : {}) };
}

describe('rewrap', () => {
  for (const suiteId of SUITE_IDS) {
    const v2 = suiteId >= 0x0478;
    it(`suite 0x${suiteId.toString(16).padStart(4, '0')}: ${v2 ? 'a new message id and a resealed body' : 'same message id and body'}, only to's keys, decrypts with to and not with from`, async () => {
      const a = padKeyring('a');
      const b = padKeyring('b');
      const policy = policyFor(suiteId);
      const plaintext = randomBytes(10_000);
      const old = await encrypt(a, plaintext, { suiteId, frameLength: 1024, commitmentPolicy: policy, encryptionContext: { purpose: 'test' } });
      const r = await rewrap(old.ciphertext, { from: a, to: b, commitmentPolicy: policy });
      expect(Buffer.from(r.header.messageId).equals(Buffer.from(old.header.messageId))).toBe(!v2);
      expect(r.header.encryptedDataKeys.map((e) => e.providerId)).toEqual(['b']);
      expect(r.header.encryptionContext['purpose']).toBe('test');
      expect(r.decryptedBy).toEqual({ providerId: 'a', keyId: 'a' });
      // v1: the body (after the old header, before any footer) is in the new message unchanged;
      // v2: none of it is (sealed again under another key), and the layout is the same.
      const h0 = parseHeader(old.ciphertext)!.headerLength;
      const h1 = parseHeader(r.ciphertext)!.headerLength;
      const slice = old.ciphertext.subarray(h0 + 40, h0 + 2000);
      expect(indexOf(r.ciphertext, slice) > 0).toBe(!v2);
      expect(r.ciphertext.length - h1).toBeLessThanOrEqual(old.ciphertext.length - h0 + 2);
      expect(r.ciphertext.length - h1).toBeGreaterThanOrEqual(old.ciphertext.length - h0 - 2);
      const out = await decrypt(b, r.ciphertext, { commitmentPolicy: policy });
      expect(Buffer.from(out.plaintext).equals(plaintext)).toBe(true);
      expect(out.header.encryptionContext).toEqual(r.header.encryptionContext);
      await expect(decrypt(a, r.ciphertext, { commitmentPolicy: policy })).rejects.toBeInstanceOf(NoKeyDecryptedError);
    });
  }

  it('signed suites: a new signing public key in the context; unsigned: the context is the same', async () => {
    const a = padKeyring('a');
    const signed = await encrypt(a, 'x', { suiteId: 0x0578 });
    const rs = await rewrap(signed.ciphertext, { from: a, to: padKeyring('b') });
    expect(rs.header.encryptionContext['aws-crypto-public-key']).toBeDefined();
    expect(rs.header.encryptionContext['aws-crypto-public-key']).not.toBe(signed.header.encryptionContext['aws-crypto-public-key']);
    const unsigned = await encrypt(a, 'x', { suiteId: 0x0478, encryptionContext: { k: 'v' } });
    const ru = await rewrap(unsigned.ciphertext, { from: a, to: padKeyring('b') });
    expect(ru.header.encryptionContext).toEqual({ k: 'v' });
  });

  it('v1 headers get a fresh header auth IV (no second GCM tag under the old key and IV)', async () => {
    const a = padKeyring('a');
    const old = await encrypt(a, 'legacy', { suiteId: 0x0178, commitmentPolicy: 'forbid-encrypt-allow-decrypt' });
    const r = await rewrap(old.ciphertext, { from: a, to: a, commitmentPolicy: 'require-encrypt-allow-decrypt' });
    const h0 = parseHeader(old.ciphertext)!.headerLength;
    const h1 = parseHeader(r.ciphertext)!.headerLength;
    const iv = (c: Uint8Array, length: number): Buffer => Buffer.from(c.subarray(length - 28, length - 16));
    expect(iv(r.ciphertext, h1)).not.toEqual(iv(old.ciphertext, h0));
    expect(Buffer.from((await decrypt(a, r.ciphertext, { commitmentPolicy: 'require-encrypt-allow-decrypt' })).plaintext).toString()).toBe('legacy');
  });

  it('non-framed messages', async () => {
    const a = padKeyring('a');
    const old = await encrypt(a, randomBytes(5000), { frameLength: 0 });
    const b = padKeyring('b');
    const r = await rewrap(old.ciphertext, { from: a, to: b });
    expect(r.header.contentType).toBe('non-framed');
    expect((await decrypt(b, r.ciphertext)).plaintext).toEqual((await decrypt(a, old.ciphertext)).plaintext);
  });

  it('a `to` that insists on generating its own data key is refused, and nothing is returned', async () => {
    const a = padKeyring('a');
    const old = await encrypt(a, 'x');
    const generating: Keyring = {
      onEncrypt: async (m) => ({ ...m, plaintextDataKey: randomBytes(m.suite.keyLength), encryptedDataKeys: [...m.encryptedDataKeys, { providerId: 'g', providerInfo: new Uint8Array(1), ciphertext: new Uint8Array(1) }] }),
      onDecrypt: async (m) => m,
    };
    await expect(rewrap(old.ciphertext, { from: a, to: generating })).rejects.toBeInstanceOf(KeyringError);
    const overwriting: Keyring = {
      onEncrypt: async (m) => {
        m.plaintextDataKey!.set(randomBytes(m.suite.keyLength));
        return { ...m, encryptedDataKeys: [{ providerId: 'g', providerInfo: new Uint8Array(1), ciphertext: new Uint8Array(1) }] };
      },
      onDecrypt: async (m) => m,
    };
    await expect(rewrap(old.ciphertext, { from: a, to: overwriting })).rejects.toBeInstanceOf(KeyringError);
    const none: Keyring = { onEncrypt: async (m) => m, onDecrypt: async (m) => m };
    await expect(rewrap(old.ciphertext, { from: a, to: none })).rejects.toBeInstanceOf(KeyringError);
  });

  it('bad arguments: a manager as `to`, no `to`, not bytes', async () => {
    const a = padKeyring('a');
    const old = await encrypt(a, 'x');
    const manager = { getEncryptionMaterials: async () => ({}) as EncryptionMaterials, decryptMaterials: async () => ({}) as DecryptionMaterials };
    await expect(rewrap(old.ciphertext, { from: a, to: manager as unknown as Keyring })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(rewrap(old.ciphertext, { from: a } as never)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(rewrap('x' as never, { from: a, to: a })).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('`from` may be a materials manager (a caching one: a second rewrap asks its keyring nothing); a fired signal rejects with AbortedError', async () => {
    const a = padKeyring('a');
    const old = await encrypt(a, 'x', { suiteId: 0x0478 });
    const opens: number[] = [];
    const counting: Keyring = { onEncrypt: a.onEncrypt, onDecrypt: async (m, e) => (opens.push(1), a.onDecrypt(m, e)) };
    const from = new CachingMaterialsManager({ source: counting, maxAgeMs: 60_000 });
    const b = padKeyring('b');
    for (let i = 0; i < 2; i++) expect((await decrypt(b, (await rewrap(old.ciphertext, { from, to: b })).ciphertext)).plaintext).toEqual(Buffer.from('x'));
    expect(opens).toHaveLength(1);
    const c = new AbortController();
    c.abort();
    await expect(rewrap(old.ciphertext, { from: a, to: b, signal: c.signal })).rejects.toBeInstanceOf(AbortedError);
  });

  it('reproduced context is required as for decrypt; the key is never asked of `to` for a message that does not verify', async () => {
    const a = padKeyring('a');
    const b = padKeyring('b');
    const old = await encrypt(a, 'x', { suiteId: 0x0478, encryptionContext: { tenant: 'acme' } });
    await expect(rewrap(old.ciphertext, { from: a, to: b, encryptionContext: { tenant: 'other' } })).rejects.toThrow(/tenant/);
    expect((await rewrap(old.ciphertext, { from: a, to: b, encryptionContext: { tenant: 'acme' } })).header.encryptionContext).toEqual({ tenant: 'acme' });
  });

  for (const suiteId of [0x0478, 0x0578, 0x0178]) {
    it(`tamper and truncation (0x${suiteId.toString(16)}): every flipped byte and every cut fails, with no output and no wrap`, async () => {
      const a = padKeyring('a');
      const b = padKeyring('b');
      const policy = policyFor(suiteId);
      const read = suiteId >= 0x0478 ? policy : 'require-encrypt-allow-decrypt';
      const old = (await encrypt(a, randomBytes(300), { suiteId, frameLength: 128, commitmentPolicy: policy })).ciphertext;
      const headerLength = parseHeader(old)!.headerLength;
      // Every byte outside the EDK ciphertexts (a flipped pad-wrapped key is just another key, caught by the commitment or header tag anyway).
      let returned = 0;
      for (let i = 0; i < old.length; i += i < headerLength ? 3 : 1) {
        const bad = Buffer.from(old);
        bad[i]! ^= 0x01;
        const r = await rewrap(bad, { from: a, to: b, commitmentPolicy: read }).then(() => 'ok', (e: unknown) => e);
        if (r === 'ok') returned++;
        else expect(isEnvelopeError(r)).toBe(true);
      }
      expect(returned).toBe(0);
      for (let n = 0; n < old.length; n += 7) {
        await expect(rewrap(old.subarray(0, n), { from: a, to: b, commitmentPolicy: read })).rejects.toSatisfy(isEnvelopeError);
      }
      // Nothing was wrapped by `to` for any of them.
      expect(b.wraps).toBe(0);
    });
  }
});

describe('rewrapStream', () => {
  for (const suiteId of [0x0478, 0x0578]) {
    it(`0x${suiteId.toString(16)} over 70 KB chunks: same keys as the buffer rewrap, a new message id, the body resealed in the same layout, decrypts`, async () => {
      const a = padKeyring('a');
      const b = padKeyring('b');
      const plaintext = randomBytes(1024 * 1024);
      const old = await encrypt(a, plaintext, { suiteId });
      const { out, header } = await streamed(old.ciphertext, rewrapStream({ from: a, to: b }) as never, 70_000);
      expect(header?.encryptedDataKeys.map((e) => e.providerId)).toEqual(['b']);
      expect(Buffer.from(header!.messageId).equals(Buffer.from(old.header.messageId))).toBe(false);
      const h0 = parseHeader(old.ciphertext)!.headerLength;
      const h1 = parseHeader(out)!.headerLength;
      expect(Buffer.from(header!.messageId).equals(out.subarray(3, 35))).toBe(true);
      // Same frame heads at the same places (frame 1's head: sequence 1, IV 1), other content.
      const head = (c: Uint8Array, at: number) => Buffer.from(c.subarray(at, at + 16));
      expect(head(out, h1)).toEqual(head(old.ciphertext, h0));
      expect(out.subarray(h1 + 16, h1 + 1000).equals(Buffer.from(old.ciphertext.subarray(h0 + 16, h0 + 1000)))).toBe(false);
      expect(Buffer.from((await decrypt(b, out)).plaintext).equals(plaintext)).toBe(true);
    });
  }

  it('v1 (0x0378) streamed: same message id, the body byte for byte', async () => {
    const a = padKeyring('a');
    const old = await encrypt(a, randomBytes(300_000), { suiteId: 0x0378, commitmentPolicy: 'forbid-encrypt-allow-decrypt' });
    const { out, header } = await streamed(old.ciphertext, rewrapStream({ from: a, to: padKeyring('b'), commitmentPolicy: 'require-encrypt-allow-decrypt' }) as never, 70_000);
    expect(Buffer.from(header!.messageId)).toEqual(Buffer.from(old.header.messageId));
    const h0 = parseHeader(old.ciphertext)!.headerLength;
    const h1 = parseHeader(out)!.headerLength;
    const body = Buffer.from(old.ciphertext.subarray(h0, h0 + 300_000));
    expect(out.subarray(h1, h1 + body.length).equals(body)).toBe(true);
  });

  it('passes the body through as it verifies: output beyond the header before the input ended, held bytes bounded by a frame or so', async () => {
    const a = padKeyring('a');
    const old = Buffer.from((await encrypt(a, randomBytes(2 * 1024 * 1024), { suiteId: 0x0578, frameLength: 64 * 1024 })).ciphertext);
    const t = rewrapStream({ from: a, to: padKeyring('b') });
    let out = 0;
    t.on('data', (c: Buffer) => (out += c.length));
    const write = (c: Buffer) => new Promise<void>((resolve, reject) => t.write(c, (e) => (e ? reject(e) : resolve())));
    const half = old.length >> 1;
    for (let o = 0; o < half; o += 70_000) await write(old.subarray(o, Math.min(o + 70_000, half)));
    await new Promise((r) => setImmediate(r));
    // Everything up to the last complete frame of the first half is out already (plus the new header).
    expect(out).toBeGreaterThan(half - 2 * 70_000);
    for (let o = half; o < old.length; o += 70_000) await write(old.subarray(o, Math.min(o + 70_000, old.length)));
    t.end();
    await new Promise((r) => t.on('end', r));
    expect(Math.abs(out - old.length)).toBeLessThan(400);
  });

  it('a tampered frame errors the stream', async () => {
    const a = padKeyring('a');
    const old = Buffer.from((await encrypt(a, randomBytes(200_000))).ciphertext);
    old[old.length - 500]! ^= 1;
    await expect(streamed(old, rewrapStream({ from: a, to: padKeyring('b') }) as never, 70_000)).rejects.toSatisfy(isEnvelopeError);
  });
});
