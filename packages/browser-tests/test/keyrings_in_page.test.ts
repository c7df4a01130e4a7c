/**
 * Keyrings and materials managers of @envelope/client's browser build, in a real Chromium:
 * `keyringFromConfig`/`managerFromConfig` from a config object (multi → aws-kms on kms-local across
 * origins + raw-rsa with its PEM inline), whose messages decrypt with @aws-crypto/client-node in
 * Node; multi and threshold keyrings; the default, caching and required-context managers; a KMS
 * keyring over two kms-local regions decrypting through the other one while one is down.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { KMS } from '@aws-sdk/client-kms';
import esdkPkg from '@aws-crypto/client-node';
import { createMultiRegionKey, startKmsLocal, type KmsLocal, type MultiRegionKey } from '@envelope/kms-local';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestPage, type TestPage } from './harness/chromium.js';

const { buildClient, CommitmentPolicy, KmsKeyringNode, RawRsaKeyringNode } = esdkPkg;
const esdk = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);
const PAGE = new URL('./pages/keyrings_page.ts', import.meta.url).pathname;
const REGIONS = ['us-east-1', 'eu-west-1'];
const u8 = (b: Uint8Array): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
const pem = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
const escrow = pem();

let t: TestPage;
let local: KmsLocal;
let mrk: MultiRegionKey;
beforeAll(async () => {
  local = await startKmsLocal({ regions: REGIONS });
  mrk = await createMultiRegionKey(local, { primaryRegion: 'us-east-1', replicaRegions: ['eu-west-1'], alias: 'alias/app' });
  t = await openTestPage(PAGE);
}, 120_000);
afterAll(async () => {
  await t?.close();
  await local?.close();
});
beforeEach(() => {
  for (const r of REGIONS) local.setFault(r, { mode: 'none' });
  local.clearRequests();
});

const kmsClient = (region: string) => new KMS({ region, endpoint: local.endpoints[region], credentials: local.credentials, maxAttempts: 1 });
const esdkEscrow = () => new RawRsaKeyringNode({ keyNamespace: 'escrow', keyName: 'escrow-2026', rsaKey: { publicKey: escrow.publicKey, privateKey: escrow.privateKey }, oaepHash: 'sha256' });
const config = (withPrivate: boolean) => ({
  localRegion: 'us-east-1',
  kms: { endpoints: local.endpoints, credentials: local.credentials, timeoutMs: 2000 },
  keyring: {
    type: 'multi',
    generator: { type: 'aws-kms', keyId: 'alias/app', regions: REGIONS },
    children: [{ type: 'raw-rsa', keyNamespace: 'escrow', keyName: 'escrow-2026', padding: 'oaep-sha256', publicKey: escrow.publicKey, ...(withPrivate ? { privateKey: escrow.privateKey } : {}) }],
  },
});

describe('keyringFromConfig(object) in the page', () => {
  it('multi → aws-kms (kms-local, two regions) + raw-rsa inline round-trips, and its message decrypts with the ESDK through KMS and through the escrow key', async () => {
    const r = await t.call<{ ciphertext: Uint8Array; text: string; edks: string[] }>('configEncrypt', config(true), 'from a config in the page');
    expect(r.text).toBe('from a config in the page');
    expect(r.edks).toEqual(['aws-kms', 'aws-kms', 'escrow']);
    // The account of the alias came from STS GetCallerIdentity, asked from the page too.
    expect(local.requests().map((q) => q.operation)).toEqual(expect.arrayContaining(['GetCallerIdentity', 'GenerateDataKey', 'Encrypt', 'Decrypt']));
    const viaKms = await esdk.decrypt(new KmsKeyringNode({ discovery: true, clientProvider: kmsClient }), r.ciphertext);
    expect(Buffer.from(viaKms.plaintext).toString()).toBe('from a config in the page');
    const viaEscrow = await esdk.decrypt(esdkEscrow(), r.ciphertext);
    expect(Buffer.from(viaEscrow.plaintext).toString()).toBe('from a config in the page');
  });

  it('an encrypt-only config (public key only) writes for the escrow; a config with the private key and the KMS regions down decrypts an ESDK message', async () => {
    const { result } = await esdk.encrypt(esdkEscrow(), 'escrowed by the ESDK');
    local.setFault('us-east-1', { mode: 'down' });
    local.setFault('eu-west-1', { mode: 'down' });
    const r = await t.call<{ text: string; decryptedBy: { providerId: string } }>('configDecrypt', config(true), u8(result));
    expect(r).toMatchObject({ text: 'escrowed by the ESDK', decryptedBy: { providerId: 'escrow' } });
    const noPrivate = await t.call('configDecrypt', config(false), u8(result));
    expect(noPrivate).toMatchObject({ error: expect.stringMatching(/Error$/) });
  });

  it('raw-aes with its key inline ("base64:…") round-trips; Node-only inputs are typed ConfigErrors naming the field', async () => {
    const key = randomBytes(32).toString('base64');
    const aesConfig = { keyring: { type: 'raw-aes', keyNamespace: 'page', keyName: 'k', key: `base64:${key}` } };
    expect(await t.call('configEncrypt', aesConfig, 'inline')).toMatchObject({ text: 'inline', edks: ['page'] });
    expect(await t.call('configFails', '/etc/envelope.json')).toMatchObject({ error: 'ConfigError', code: 'CONFIG', message: expect.stringContaining('Node only') });
    expect(await t.call('configFails', { keyring: { ...aesConfig.keyring, key: 'keys/aes.bin' } })).toMatchObject({ error: 'ConfigError', path: 'keyring.key', message: expect.stringContaining('base64:') });
    const rsaFile = { keyring: { type: 'raw-rsa', keyNamespace: 'e', keyName: 'n', padding: 'oaep-sha256', publicKey: 'escrow.pub.pem' } };
    expect(await t.call('configFails', rsaFile)).toMatchObject({ error: 'ConfigError', path: 'keyring.publicKey', message: expect.stringContaining('inline') });
    const privateAsPublic = { keyring: { ...rsaFile.keyring, publicKey: escrow.privateKey } };
    expect(await t.call('configFails', privateAsPublic)).toMatchObject({ error: 'ConfigError', path: 'keyring.publicKey', message: expect.stringContaining('is a private key') });
    const hierarchical = { keyring: { type: 'hierarchical', branchKeyId: 'b' } };
    expect(await t.call('configFails', hierarchical)).toMatchObject({ error: 'ConfigError', path: 'keyring.type', message: expect.stringContaining('Node only') });
    expect(await t.call('configFails', { keyring: { type: 'nope' } })).toMatchObject({ error: 'ConfigError', path: 'keyring.type', message: expect.stringContaining('unknown keyring type') });
  });

  it('managerFromConfig(object): a caching, required-context manager; a message without the required key is refused', async () => {
    const cfg = {
      cache: { maxAgeSeconds: 60, maxMessages: 10 },
      requiredEncryptionContextKeys: ['tenant'],
      keyring: { type: 'raw-aes', keyNamespace: 'page', keyName: 'k', key: `base64:${randomBytes(16).toString('base64')}` },
    };
    const r = await t.call<{ good: { text: string }; missing: { code: string }; kind: string }>('managerConfig', cfg, 'managed');
    expect(r.kind).toBe('RequiredEncryptionContextManager');
    expect(r.good.text).toBe('managed');
    expect(r.missing).toMatchObject({ error: 'EncryptionContextError', code: 'ENCRYPTION_CONTEXT' });
  });
});

describe('keyrings and managers built in code, in the page', () => {
  it('MultiKeyring: generator raw AES + raw RSA child; the child alone decrypts; the ESDK decrypts through the RSA child', async () => {
    const r = await t.call<{ ciphertext: Uint8Array; text: string; childText: string; edks: string[] }>('multi', { aes: new Uint8Array(randomBytes(32)), rsa: { rsaPublic: escrow.publicKey, rsaPrivate: escrow.privateKey } }, 'multi in the page');
    expect(r).toMatchObject({ text: 'multi in the page', childText: 'multi in the page', edks: ['page', 'escrow'] });
    const esdkChild = new RawRsaKeyringNode({ keyNamespace: 'escrow', keyName: 'escrow-key', rsaKey: { privateKey: escrow.privateKey }, oaepHash: 'sha256' });
    expect(Buffer.from((await esdk.decrypt(esdkChild, r.ciphertext)).plaintext).toString()).toBe('multi in the page');
  });

  it('ThresholdKeyring 2-of-3 (raw RSA, raw AES, raw AES): any two custodians recover, one alone does not', async () => {
    const aes1 = new Uint8Array(randomBytes(32));
    const aes2 = new Uint8Array(randomBytes(32));
    const ct = await t.call<Uint8Array>('thresholdEncrypt', { rsa: { rsaPublic: escrow.publicKey }, aes1, aes2 }, 'two of three');
    const open = (keys: object) => t.call<{ text?: string; code?: string }>('thresholdDecrypt', keys, ct);
    expect(await open({ rsa: { rsaPrivate: escrow.privateKey }, aes1 })).toMatchObject({ text: 'two of three' });
    expect(await open({ rsa: { rsaPrivate: escrow.privateKey }, aes2 })).toMatchObject({ text: 'two of three' });
    expect(await open({ rsa: { rsaPublic: escrow.publicKey }, aes1, aes2 })).toMatchObject({ text: 'two of three' });
    expect(await open({ rsa: { rsaPublic: escrow.publicKey }, aes2 })).toMatchObject({ error: 'NoKeyDecryptedError', code: 'NO_KEY_DECRYPTED' });
  });

  it('DefaultMaterialsManager, CachingMaterialsManager (hits after the first) and RequiredEncryptionContextManager', async () => {
    const r = await t.call<{ viaDefault: string; stats: { hits: number }; withTenant: string; withoutTenant: { code: string } }>('managers', new Uint8Array(randomBytes(32)), 'managers');
    expect(r.viaDefault).toBe('managers');
    expect(r.withTenant).toBe('managers');
    expect(r.stats.hits).toBeGreaterThanOrEqual(2);
    expect(r.withoutTenant).toMatchObject({ error: 'EncryptionContextError', code: 'ENCRYPTION_CONTEXT' });
  });

  it('KmsKeyring over two kms-local regions: with the local region down the page decrypts through the other; the breaker stops calling it', async () => {
    const { result } = await esdk.encrypt(new KmsKeyringNode({ clientProvider: kmsClient, generatorKeyId: mrk.arns['us-east-1']!, keyIds: [mrk.arns['eu-west-1']!] }), 'two regions');
    const spec = { keyIds: [mrk.arns['us-east-1']!, mrk.arns['eu-west-1']!], endpoints: local.endpoints, credentials: local.credentials, localRegion: 'us-east-1' };
    const healthy = await t.call<{ regions: string[]; text: string }>('kmsTwoRegions', spec, u8(result), 1);
    expect(healthy).toMatchObject({ regions: ['us-east-1'], text: 'two regions' });
    local.setFault('us-east-1', { mode: 'down' });
    const first = await t.call<{ regions: string[]; text: string }>('kmsTwoRegions', spec, u8(result), 1);
    expect(first).toMatchObject({ regions: ['eu-west-1'], text: 'two regions' });
    expect(local.requests('us-east-1').some((q) => q.operation === 'Decrypt')).toBe(true);
    local.clearRequests();
    // The page is a new keyring each call: a fresh breaker tries us-east-1 once, then keeps away.
    const down = await t.call<{ regions: string[]; text: string }>('kmsTwoRegions', spec, u8(result), 10);
    expect(down.text).toBe('two regions');
    expect(down.regions).toEqual(Array(10).fill('eu-west-1'));
    expect(local.requests('eu-west-1').filter((q) => q.operation === 'Decrypt')).toHaveLength(11);
    expect(local.requests('us-east-1').filter((q) => q.operation === 'Decrypt').length).toBeLessThanOrEqual(2);
  });
});
