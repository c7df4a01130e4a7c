// Rewrap on kms-local (3 regions, one multi-region key behind an alias). Config A = 2 regions +
// escrow1, config B = 3 regions + escrow2, both built from config files. A v2 rewrap has a new
// message id and its body sealed again (same layout), at no KMS cost beyond B's wraps. Then keys
// skipped under minKeys with a region down: reported, and a repair that would drop one refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { decrypt, encrypt, encryptStream, parseHeader, rewrap, rewrapStream, NoKeyDecryptedError, type Keyring, type MessageHeader } from '@envelope/core';
import { startKmsLocal, createMultiRegionKey, type KmsLocal, type RequestLogEntry } from '@envelope/kms-local';
import { generateRsaKeyPair } from '@envelope/keyring-raw-rsa';
import { keyringFromConfig } from '@envelope/registry';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const MiB = 1024 * 1024;
let local: KmsLocal;
let dir: string;

const escrow = (n: 1 | 2, withPrivate: boolean) => ({
  type: 'raw-rsa', keyNamespace: 'escrow', keyName: `escrow${n}`, publicKey: `escrow${n}.pub.pem`,
  ...(withPrivate ? { privateKey: `escrow${n}.pem` } : {}), padding: 'oaep-sha256',
});
const config = (regions: string[], n: 1 | 2) => ({
  localRegion: 'us-east-1',
  kms: { endpoints: local.endpoints, credentials: local.credentials, timeoutMs: 2000 },
  keyring: { type: 'multi', generator: { type: 'aws-kms', keyId: 'alias/app', regions }, children: [escrow(n, true)] },
});
const build = (name: string, c: object): Promise<Keyring> => {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(c, null, 2));
  return keyringFromConfig(file);
};

/** KMS calls (STS not counted) logged by every region, read the way an operator would: GET /__admin/requests. */
async function kmsCalls(): Promise<RequestLogEntry[]> {
  const all = await Promise.all(
    Object.values(local.endpoints).map(async (url) => (await (await fetch(`${url}/__admin/requests`)).json()) as RequestLogEntry[]),
  );
  return all.flat().filter((r) => r.operation !== 'GetCallerIdentity');
}

const edkNames = (h: MessageHeader): string[] =>
  h.encryptedDataKeys.map((e) => (e.providerId === 'aws-kms' ? `aws-kms ${Buffer.from(e.providerInfo).toString().split(':')[3]}` : `${e.providerId}/${Buffer.from(e.providerInfo).toString()}`));

/** Where the framed body that starts at `o` ends (12-byte IVs, 16-byte tags). */
function bodyEnd(b: Buffer, o: number, frameLength: number): number {
  while (b.readUInt32BE(o) !== 0xffffffff) o += 4 + 12 + frameLength + 16;
  return o + 4 + 4 + 12 + 4 + b.readUInt32BE(o + 20) + 16;
}

let A: Keyring;
let B: Keyring;
let escrow1Only: Keyring;
let escrow2Only: Keyring;

beforeAll(async () => {
  local = await startKmsLocal({ regions: REGIONS });
  await createMultiRegionKey(local, { primaryRegion: 'us-east-1', replicaRegions: ['eu-west-1', 'ap-southeast-2'], alias: 'alias/app' });
  dir = mkdtempSync(path.join(tmpdir(), 'envelope-rewrap-'));
  for (const n of [1, 2]) {
    const { publicKeyPem, privateKeyPem } = await generateRsaKeyPair({ bits: 2048 });
    writeFileSync(path.join(dir, `escrow${n}.pub.pem`), publicKeyPem);
    writeFileSync(path.join(dir, `escrow${n}.pem`), privateKeyPem, { mode: 0o600 });
  }
  A = await build('a.json', config(['us-east-1', 'eu-west-1'], 1));
  B = await build('b.json', config(REGIONS, 2));
  escrow1Only = await build('escrow1.json', { keyring: { ...escrow(1, true), publicKey: undefined } });
  escrow2Only = await build('escrow2.json', { keyring: { ...escrow(2, true), publicKey: undefined } });
}, 120_000);
afterAll(async () => {
  await local?.close();
});

describe('rewrap A → B on kms-local', () => {
  for (const suiteId of [0x0478, 0x0578]) {
    it(`suite 0x${suiteId.toString(16).padStart(4, '0')}: 1 MiB, a new message id and the body resealed, B's keys only, ≤ 4 KMS calls`, async () => {
      const plaintext = randomBytes(MiB);
      const old = await encrypt(A, plaintext, { suiteId, encryptionContext: { app: 'rewrap' } });
      expect(edkNames(old.header)).toEqual(['aws-kms us-east-1', 'aws-kms eu-west-1', 'escrow/escrow1']);
      // The keyrings resolve the alias (STS) on first use: done above for A; B's keys are looked up in the rewrap.
      local.clearRequests();
      const r = await rewrap(old.ciphertext, { from: A, to: B });
      const calls = await kmsCalls();
      expect(calls.length).toBeLessThanOrEqual(4);
      expect(calls.filter((c) => c.operation === 'Decrypt')).toHaveLength(1);
      expect(calls.filter((c) => c.operation === 'Encrypt').map((c) => c.region).sort()).toEqual([...REGIONS].sort());

      expect(Buffer.from(r.header.messageId).equals(Buffer.from(old.header.messageId))).toBe(false);
      expect(r.header.suiteId).toBe(suiteId);
      expect(r.header.encryptionContext['app']).toBe('rewrap');
      expect(edkNames(r.header)).toEqual(['aws-kms us-east-1', 'aws-kms eu-west-1', 'aws-kms ap-southeast-2', 'escrow/escrow2']);
      expect(r.decryptedBy).toMatchObject({ providerId: 'aws-kms', region: 'us-east-1' });

      // The body has the old layout (same length) and none of the old bytes (a 4 KiB slice).
      const h0 = parseHeader(old.ciphertext)!.headerLength;
      const h1 = parseHeader(r.ciphertext)!.headerLength;
      const end = (c: Uint8Array, h: number) => bodyEnd(Buffer.from(c), h, old.header.frameLength);
      expect(end(r.ciphertext, h1) - h1).toBe(end(old.ciphertext, h0) - h0);
      const slice = Buffer.from(old.ciphertext.subarray(h0 + 300_000, h0 + 300_000 + 4096));
      expect(Buffer.from(r.ciphertext).indexOf(slice)).toBe(-1);

      expect(Buffer.from((await decrypt(B, r.ciphertext)).plaintext).equals(plaintext)).toBe(true);
      const byEscrow2 = await decrypt(escrow2Only, r.ciphertext);
      expect(Buffer.from(byEscrow2.plaintext).equals(plaintext)).toBe(true);
      expect(byEscrow2.decryptedBy).toEqual({ providerId: 'escrow', keyId: 'escrow/escrow2' });
      await expect(decrypt(escrow1Only, r.ciphertext)).rejects.toBeInstanceOf(NoKeyDecryptedError);
      // The old message is untouched: escrow1 still opens it.
      expect(Buffer.from((await decrypt(escrow1Only, old.ciphertext)).plaintext).equals(plaintext)).toBe(true);
    }, 120_000);
  }

  it('rewrapStream over 70 KB chunks: the same keys, the body resealed in the old layout, decrypts', async () => {
    const plaintext = randomBytes(MiB);
    const old = await encrypt(A, plaintext, { suiteId: 0x0578 });
    const t = rewrapStream({ from: A, to: B });
    let header: MessageHeader | undefined;
    t.on('header', (h: MessageHeader) => (header = h));
    const parts: Buffer[] = [];
    const input = Buffer.from(old.ciphertext);
    const chunks = function* () {
      for (let o = 0; o < input.length; o += 70_000) yield input.subarray(o, o + 70_000);
    };
    await pipeline(Readable.from(chunks()), t, new Writable({ write(c: Buffer, _e, cb) { parts.push(c); cb(); } }));
    const out = Buffer.concat(parts);
    expect(edkNames(header!)).toEqual(['aws-kms us-east-1', 'aws-kms eu-west-1', 'aws-kms ap-southeast-2', 'escrow/escrow2']);
    expect(edkNames(parseHeader(out)!.header)).toEqual(edkNames(header!));
    const h0 = parseHeader(old.ciphertext)!.headerLength;
    const h1 = parseHeader(out)!.headerLength;
    expect(bodyEnd(out, h1, old.header.frameLength) - h1).toBe(bodyEnd(input, h0, old.header.frameLength) - h0);
    expect(out.indexOf(input.subarray(h0 + 16, h0 + 4096))).toBe(-1);
    expect(Buffer.from((await decrypt(B, out)).plaintext).equals(plaintext)).toBe(true);
    expect(Buffer.from((await decrypt(escrow2Only, out)).plaintext).equals(plaintext)).toBe(true);
  }, 120_000);
});

/** Fault injection the way an operator does it: POST /__admin/fault on the region's endpoint. */
async function fault(region: string, mode: 'down' | 'none'): Promise<void> {
  const r = await fetch(`${local.endpoints[region]}/__admin/fault`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode }) });
  expect(r.ok).toBe(true);
}

describe('minKeys with a region down (kms-local fault "down")', () => {
  const minKeysConfig = () => {
    const c = config(REGIONS, 1);
    return { ...c, kms: { ...c.kms, timeoutMs: 1000 }, keyring: { ...c.keyring, generator: { ...c.keyring.generator, minKeys: 2 } } };
  };

  it('encrypt and encryptStream name the skipped key and its region; a repair rewrap that would drop it fails unless allowFewerKeys', async () => {
    const K = await build('minkeys.json', minKeysConfig());
    const full = await encrypt(K, 'three regions');
    expect(edkNames(full.header)).toEqual(['aws-kms us-east-1', 'aws-kms eu-west-1', 'aws-kms ap-southeast-2', 'escrow/escrow1']);
    await fault('ap-southeast-2', 'down');
    try {
      const r = await encrypt(K, 'two regions');
      expect(r.skippedKeys).toHaveLength(1);
      expect(r.skippedKeys![0]).toMatchObject({ providerId: 'aws-kms', region: 'ap-southeast-2', error: expect.any(String) });
      expect(r.skippedKeys![0]!.keyId).toContain(':ap-southeast-2:');
      const t = encryptStream(K);
      const skipped: unknown[] = [];
      t.on('skippedKeys', (k: unknown) => skipped.push(k));
      t.resume();
      t.end(Buffer.from('streamed'));
      await new Promise((res, rej) => (t.on('end', res), t.on('error', rej)));
      expect(skipped).toHaveLength(1);
      expect(skipped[0]).toEqual([expect.objectContaining({ providerId: 'aws-kms', region: 'ap-southeast-2', error: expect.any(String) })]);

      // The repair of the full message, run while the region is still down: refused, nothing returned.
      const e = await rewrap(full.ciphertext, { from: K, to: K }).catch((x: unknown) => x);
      expect(e).toMatchObject({ code: 'KEYRING_FAILED' });
      expect((e as Error).message).toMatch(/3 key\(s\) where the old one has 4.*ap-southeast-2/);
      const allowed = await rewrap(full.ciphertext, { from: K, to: K, allowFewerKeys: true });
      expect(edkNames(allowed.header)).toEqual(['aws-kms us-east-1', 'aws-kms eu-west-1', 'escrow/escrow1']);
      expect(allowed.skippedKeys![0]).toMatchObject({ region: 'ap-southeast-2' });
    } finally {
      await fault('ap-southeast-2', 'none');
    }
  }, 120_000);
});
