// Issue 15 acceptance: CachingMaterialsManager and RequiredEncryptionContextManager over a
// KmsKeyring on kms-local (one region), through the real @aws-sdk/client-kms. KMS calls are
// counted from kms-local's request log (GET /__admin/requests).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes, randomInt } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  encrypt, decrypt, encryptStream, decryptStream, CachingMaterialsManager, RequiredEncryptionContextManager, EncryptionContextError,
  type EncryptionContext, type MessageHeader,
} from '@envelope/core';
import { startKmsLocal, createMultiRegionKey, type KmsLocal } from '@envelope/kms-local';
import { KmsKeyring } from '@envelope/keyring-kms';

const REGION = 'us-east-1';
let local: KmsLocal;
let keyring: KmsKeyring;

/** How many requests of `op` kms-local logged, read over its admin route. */
async function count(op: string): Promise<number> {
  const res = await fetch(`${local.endpoints[REGION]}/__admin/requests`, { headers: { 'content-type': 'application/json' } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { operation: string }[]).filter((e) => e.operation === op).length;
}
const gdk = () => count('GenerateDataKey');

/** The data key of a message, identified by the ciphertext of its one KMS EDK. */
const dataKeyOf = (h: MessageHeader): string => Buffer.from(h.encryptedDataKeys[0]!.ciphertext).toString('base64');

async function through(t: NodeJS.ReadWriteStream, data: Buffer): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(Readable.from([data]), t, new Writable({ write(c: Buffer, _e, cb) { out.push(c); cb(); } }));
  return Buffer.concat(out);
}

beforeAll(async () => {
  local = await startKmsLocal({ regions: [REGION] });
  const key = await createMultiRegionKey(local, { primaryRegion: REGION, replicaRegions: [] });
  keyring = new KmsKeyring({ generatorKeyId: key.arns[REGION]!, endpoints: local.endpoints, credentials: local.credentials, localRegion: REGION, timeoutMs: 5000 });
});
afterAll(async () => {
  keyring.destroy();
  await local.close();
});
beforeEach(() => local.clearRequests());

describe('CachingMaterialsManager over KMS', () => {
  it('100 concurrent encrypts on an empty cache: exactly 1 GenerateDataKey', async () => {
    const cmm = new CachingMaterialsManager({ source: keyring, maxAgeMs: 60_000 });
    const msgs = await Promise.all(Array.from({ length: 100 }, (_, i) => encrypt(cmm, `message ${i}`, { encryptionContext: { app: 'burst' } })));
    expect(await gdk()).toBe(1);
    expect(new Set(msgs.map((m) => dataKeyOf(m.header))).size).toBe(1);
    expect(Buffer.from((await decrypt(keyring, msgs[42]!.ciphertext)).plaintext).toString()).toBe('message 42');
  });

  it('a burst of 100 with maxMessagesEncrypted 10: at least 10 data keys, none used more than 10 times', async () => {
    const cmm = new CachingMaterialsManager({ source: keyring, maxAgeMs: 60_000, maxMessagesEncrypted: 10 });
    const msgs = await Promise.all(Array.from({ length: 100 }, () => encrypt(cmm, 'x', { suiteId: 0x0478 })));
    const uses = new Map<string, number>();
    for (const m of msgs) uses.set(dataKeyOf(m.header), (uses.get(dataKeyOf(m.header)) ?? 0) + 1);
    expect(uses.size).toBeGreaterThanOrEqual(10);
    expect(Math.max(...uses.values())).toBeLessThanOrEqual(10);
    expect(await gdk()).toBe(uses.size);
  });

  it('maxMessagesEncrypted 100: 1,000 sequential encrypts → exactly 10 GenerateDataKey', async () => {
    const cmm = new CachingMaterialsManager({ source: keyring, maxAgeMs: 600_000, maxMessagesEncrypted: 100 });
    const uses = new Map<string, number>();
    for (let i = 0; i < 1000; i++) {
      const { header } = await encrypt(cmm, 'x', { suiteId: 0x0478 });
      uses.set(dataKeyOf(header), (uses.get(dataKeyOf(header)) ?? 0) + 1);
    }
    expect(await gdk()).toBe(10);
    expect([...uses.values()]).toEqual(Array(10).fill(100));
  });

  it('maxAgeMs 300: an entry older than that is not used', async () => {
    const cmm = new CachingMaterialsManager({ source: keyring, maxAgeMs: 300 });
    const a = await encrypt(cmm, 'a');
    const b = await encrypt(cmm, 'b');
    expect(dataKeyOf(b.header)).toBe(dataKeyOf(a.header));
    await new Promise((r) => setTimeout(r, 400));
    const c = await encrypt(cmm, 'c');
    expect(dataKeyOf(c.header)).not.toBe(dataKeyOf(a.header));
    expect(await gdk()).toBe(2);
  });

  it('5,000 random encrypts (3 contexts, 0–20 KB), limits 7 messages / 50,000 bytes: no key over a limit or across contexts', async () => {
    const cmm = new CachingMaterialsManager({ source: keyring, maxAgeMs: 600_000, maxMessagesEncrypted: 7, maxBytesEncrypted: 50_000 });
    const contexts: EncryptionContext[] = [{ tenant: 'a' }, { tenant: 'b' }, { tenant: 'c', region: 'x' }];
    const perKey = new Map<string, { messages: number; bytes: number; contexts: Set<string> }>();
    const samples: { ciphertext: Uint8Array; plaintext: Buffer; ec: EncryptionContext }[] = [];
    for (let batch = 0; batch < 100; batch++) {
      // 50 at a time: concurrent requests for one entry share a KMS call and race for its uses.
      await Promise.all(Array.from({ length: 50 }, async (_, i) => {
        const ec = contexts[randomInt(3)]!;
        const plaintext = randomBytes(randomInt(20_001));
        const { ciphertext, header } = await encrypt(cmm, plaintext, { encryptionContext: ec, frameLength: 4096, suiteId: 0x0478 });
        const k = dataKeyOf(header);
        const u = perKey.get(k) ?? { messages: 0, bytes: 0, contexts: new Set<string>() };
        u.messages++;
        u.bytes += plaintext.length;
        u.contexts.add(JSON.stringify(ec));
        perKey.set(k, u);
        if (i === 0 && batch % 10 === 0) samples.push({ ciphertext, plaintext, ec });
      }));
    }
    const usage = [...perKey.values()];
    expect(usage.reduce((n, u) => n + u.messages, 0)).toBe(5000);
    expect(Math.max(...usage.map((u) => u.messages))).toBeLessThanOrEqual(7);
    expect(Math.max(...usage.map((u) => u.bytes))).toBeLessThanOrEqual(50_000);
    expect(usage.every((u) => u.contexts.size === 1)).toBe(true);
    // The cache did its job: keys were reused, and every KMS data key is one entry's.
    expect(perKey.size).toBeLessThan(2500);
    expect(await gdk()).toBe(perKey.size);
    for (const s of samples) expect(Buffer.from((await decrypt(keyring, s.ciphertext, { encryptionContext: s.ec })).plaintext).equals(s.plaintext)).toBe(true);
  }, 180_000);

  it('suite 0x0078 (no key derivation) is never cached', async () => {
    const cmm = new CachingMaterialsManager({ source: keyring, maxAgeMs: 60_000 });
    const opts = { suiteId: 0x0078, commitmentPolicy: 'forbid-encrypt-allow-decrypt' } as const;
    const msgs = [];
    for (let i = 0; i < 5; i++) msgs.push(await encrypt(cmm, 'x', opts));
    msgs.push(...(await Promise.all(Array.from({ length: 5 }, () => encrypt(cmm, 'x', opts)))));
    expect(await gdk()).toBe(10);
    expect(new Set(msgs.map((m) => dataKeyOf(m.header))).size).toBe(10);
    local.clearRequests();
    for (let i = 0; i < 3; i++) await decrypt(cmm, msgs[0]!.ciphertext, { commitmentPolicy: 'forbid-encrypt-allow-decrypt' });
    expect(await count('Decrypt')).toBe(3);
  });

  it('100 decrypts of one message → 1 KMS Decrypt', async () => {
    const { ciphertext } = await encrypt(keyring, 'read me often', { encryptionContext: { doc: '1' } });
    const cmm = new CachingMaterialsManager({ source: keyring, maxAgeMs: 60_000 });
    local.clearRequests();
    const outs = await Promise.all(Array.from({ length: 50 }, () => decrypt(cmm, ciphertext)));
    for (let i = 0; i < 50; i++) outs.push(await decrypt(cmm, ciphertext));
    expect(outs.every((o) => Buffer.from(o.plaintext).toString() === 'read me often')).toBe(true);
    expect(await count('Decrypt')).toBe(1);
  });

  it('five encryptStreams with plaintextLength → 1 GenerateDataKey; without it the cache is bypassed', async () => {
    const cmm = new CachingMaterialsManager({ source: keyring, maxAgeMs: 60_000 });
    const data = randomBytes(30_000);
    const cts = [];
    for (let i = 0; i < 5; i++) cts.push(await through(encryptStream(cmm, { plaintextLength: data.length, frameLength: 4096 }), data));
    expect(await gdk()).toBe(1);
    for (const ct of cts) expect((await through(decryptStream(keyring), ct)).equals(data)).toBe(true);
    await through(encryptStream(cmm), data);
    expect(await gdk()).toBe(2);
  });
});

describe('RequiredEncryptionContextManager over KMS', () => {
  it('missing key on encrypt, missing or different value on decrypt: EncryptionContextError; the right value decrypts', async () => {
    const cmm = new RequiredEncryptionContextManager({
      source: new CachingMaterialsManager({ source: keyring, maxAgeMs: 60_000 }),
      requiredKeys: ['tenant'],
    });
    await expect(encrypt(cmm, 'x', { encryptionContext: { app: 'a' } })).rejects.toBeInstanceOf(EncryptionContextError);
    expect(await gdk()).toBe(0);
    const { ciphertext } = await encrypt(cmm, 'tenant data', { encryptionContext: { tenant: 't1', app: 'a' } });
    await expect(decrypt(cmm, ciphertext)).rejects.toBeInstanceOf(EncryptionContextError);
    await expect(decrypt(cmm, ciphertext, { encryptionContext: { app: 'a' } })).rejects.toBeInstanceOf(EncryptionContextError);
    await expect(decrypt(cmm, ciphertext, { encryptionContext: { tenant: 't2' } })).rejects.toBeInstanceOf(EncryptionContextError);
    expect(await count('Decrypt')).toBe(0);
    const out = await decrypt(cmm, ciphertext, { encryptionContext: { tenant: 't1' } });
    expect(Buffer.from(out.plaintext).toString()).toBe('tenant data');
    expect(await count('Decrypt')).toBe(1);
  });
});
