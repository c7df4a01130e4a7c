/**
 * @envelope/client in a real Chromium, bundled by esbuild under the `browser` condition as an
 * application would bundle it, against @aws-crypto/client-node in Node: every suite encrypted in the
 * page decrypts with the ESDK; the ESDK's messages decrypt in the page; raw RSA (OAEP-SHA256) and
 * the KMS keyring (the AWS SDK's browser build calling kms-local across origins) both ways; a 5 MiB
 * WHATWG stream encrypted in the page decrypts with the ESDK.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { KMS } from '@aws-sdk/client-kms';
import esdkPkg from '@aws-crypto/client-node';
import { startKmsLocal, type KmsLocal } from '@envelope/kms-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestPage, type TestPage } from './harness/chromium.js';

const { buildClient, CommitmentPolicy, RawAesKeyringNode, RawAesWrappingSuiteIdentifier, RawRsaKeyringNode, KmsKeyringNode, AlgorithmSuiteIdentifier } = esdkPkg;
const esdk = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);
const esdkV1 = buildClient(CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT);
const PAGE = new URL('./pages/client_page.ts', import.meta.url).pathname;
const SUITES = [0x0014, 0x0046, 0x0078, 0x0114, 0x0146, 0x0178, 0x0214, 0x0346, 0x0378, 0x0478, 0x0578];
const KEY = new Uint8Array(randomBytes(32));
const u8 = (b: Uint8Array): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
/** Byte equality without the matcher's element-by-element walk (megabytes would take minutes). */
const same = (a: Uint8Array | undefined, b: Uint8Array): boolean => a !== undefined && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);

// A copy for the ESDK each time: its keyring takes the key bytes over (and may wipe them).
const esdkAes = () =>
  new RawAesKeyringNode({ keyNamespace: 'browser', keyName: 'aes', unencryptedMasterKey: Uint8Array.from(KEY), wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING });

let t: TestPage;
beforeAll(async () => {
  t = await openTestPage(PAGE);
});
afterAll(async () => {
  await t?.close();
});

describe('@envelope/client in Chromium ↔ @aws-crypto/client-node', () => {
  it('runs on the WebCrypto backend, which the client names as in Node', async () => {
    expect(await t.call('backendName')).toBe('webcrypto');
  });

  it.each(SUITES.map((id) => [`0x${id.toString(16).padStart(4, '0')}`, id]))('suite %s encrypted in the page decrypts with the ESDK', async (_label, suiteId) => {
    const plaintext = new Uint8Array(randomBytes(3000));
    const ct = await t.call<Uint8Array>('aesEncrypt', KEY, plaintext, suiteId, 1024);
    const client = suiteId < 0x0400 ? esdkV1 : esdk;
    const { plaintext: back, messageHeader } = await client.decrypt(esdkAes(), ct);
    expect(messageHeader.suiteId).toBe(suiteId);
    expect(messageHeader.encryptionContext['page']).toBe('browser');
    expect(u8(back)).toEqual(plaintext);
  });

  it('the ESDK decrypts a non-framed message and an empty one made in the page', async () => {
    const plaintext = new Uint8Array(randomBytes(777));
    expect(u8((await esdk.decrypt(esdkAes(), await t.call<Uint8Array>('aesEncrypt', KEY, plaintext, 0x0578, 0))).plaintext)).toEqual(plaintext);
    expect((await esdk.decrypt(esdkAes(), await t.call<Uint8Array>('aesEncrypt', KEY, new Uint8Array(0), 0x0478, 4096))).plaintext).toHaveLength(0);
  });

  it.each([
    ['0x0478', AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY],
    ['0x0578', AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384],
    ['0x0346', AlgorithmSuiteIdentifier.ALG_AES192_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384],
  ] as const)('an ESDK message of suite %s decrypts in the page; a flipped byte does not', async (_label, suiteId) => {
    const plaintext = new Uint8Array(randomBytes(5000));
    const client = suiteId < 0x0400 ? esdkV1 : esdk;
    const { result } = await client.encrypt(esdkAes(), plaintext, { suiteId, frameLength: 512, encryptionContext: { from: 'esdk' } });
    const policy = suiteId < 0x0400 ? 'require-encrypt-allow-decrypt' : undefined;
    const r = await t.call<{ plaintext: Uint8Array; suiteId: number }>('aesDecrypt', KEY, u8(result), policy);
    expect(r.suiteId).toBe(suiteId);
    expect(r.plaintext).toEqual(plaintext);
    const bad = Uint8Array.from(result);
    bad[bad.length - 200]! ^= 1;
    expect(await t.call('aesDecrypt', KEY, bad, policy)).toMatchObject({ error: expect.stringMatching(/Error$/), code: expect.stringMatching(/AUTHENTICATION_FAILED|SIGNATURE_INVALID/) });
  });

  it('raw RSA OAEP-SHA256 both ways; pkcs1 is a typed error in browsers', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    const theirs = new RawRsaKeyringNode({ keyNamespace: 'escrow', keyName: 'escrow-key', rsaKey: { publicKey, privateKey }, oaepHash: 'sha256' });
    const plaintext = new Uint8Array(randomBytes(100));
    const fromPage = await t.call<Uint8Array>('rsaEncrypt', publicKey, plaintext);
    expect(u8((await esdk.decrypt(theirs, fromPage)).plaintext)).toEqual(plaintext);
    const { result } = await esdk.encrypt(theirs, plaintext);
    expect(await t.call('rsaDecrypt', privateKey, u8(result))).toEqual(plaintext);
    // The public half derived from the private key in the page wraps too.
    expect(await t.call('rsaDecrypt', privateKey, fromPage)).toEqual(plaintext);
    expect(await t.call('rsaPkcs1')).toMatchObject({ error: 'ConfigError', code: 'CONFIG' });
  });
});

describe('KmsKeyring in the page against kms-local (another loopback origin, CORS)', () => {
  let local: KmsLocal;
  let arn: string;
  const spec = () => ({ generatorKeyId: arn, endpoints: local.endpoints, credentials: local.credentials });
  const esdkKms = () => new KmsKeyringNode({ clientProvider: (region: string) => new KMS({ region, endpoint: local.endpoints[region], credentials: local.credentials, maxAttempts: 1 }), generatorKeyId: arn });
  beforeAll(async () => {
    local = await startKmsLocal({ regions: ['us-east-1'] });
    const kms = new KMS({ region: 'us-east-1', endpoint: local.endpoints['us-east-1'], credentials: local.credentials });
    arn = (await kms.createKey({})).KeyMetadata!.Arn!;
  });
  afterAll(() => local?.close());

  it('encrypts in the page for the ESDK, and decrypts the ESDK', async () => {
    const plaintext = new Uint8Array(randomBytes(2048));
    const fromPage = await t.call<Uint8Array>('kmsEncrypt', spec(), plaintext);
    expect(u8((await esdk.decrypt(esdkKms(), fromPage)).plaintext)).toEqual(plaintext);
    const { result } = await esdk.encrypt(esdkKms(), plaintext);
    const r = await t.call<{ plaintext: Uint8Array; decryptedBy: { region: string; keyId: string } }>('kmsDecrypt', { endpoints: local.endpoints, credentials: local.credentials, keyIds: [arn] }, u8(result));
    expect(r.plaintext).toEqual(plaintext);
    expect(r.decryptedBy).toMatchObject({ keyId: arn, region: 'us-east-1' });
    const ops = local.requests().map((q) => q.operation);
    expect(ops).toContain('GenerateDataKey');
    expect(ops).toContain('Decrypt');
  });
});

describe('WHATWG streams in the page', () => {
  it('a 5 MiB stream encrypted in the page decrypts with the ESDK, and decrypts back through decryptStream', async () => {
    const plaintext = new Uint8Array(randomBytes(5 * 1024 * 1024 + 123));
    t.server.put('five', plaintext);
    const r = await t.call<{ parts: number; header: { suiteId: number; frameLength: number } }>('streamEncrypt', KEY, 'five', 4096);
    expect(r.header).toMatchObject({ suiteId: 0x0578, frameLength: 4096 });
    const ct = t.server.take('five.out')!;
    expect(r.parts).toBeGreaterThan(2); // header, frames as they were sealed, footer: not one buffer at the end
    expect(same((await esdk.decrypt(esdkAes(), ct)).plaintext, plaintext)).toBe(true);
    t.server.put('five-ct', ct);
    const d = await t.call<{ header: { suiteId: number }; decryptedBy: { keyId: string } }>('streamDecrypt', KEY, 'five-ct');
    expect(d).toMatchObject({ decryptedBy: { keyId: 'browser/aes' } });
    expect(same(t.server.take('five-ct.out'), plaintext)).toBe(true);
  });

  it('decryptStream stops at a tampered frame and at a bad footer, releasing no plaintext of them', async () => {
    const plaintext = new Uint8Array(randomBytes(64 * 1024));
    const { result } = await esdk.encrypt(esdkAes(), plaintext, { frameLength: 4096 });
    for (const [at, code] of [[result.length - 4096, 'AUTHENTICATION_FAILED'], [result.length - 5, 'SIGNATURE_INVALID'], [-1, 'TRUNCATED_MESSAGE']] as const) {
      const bad = at < 0 ? Uint8Array.from(result.subarray(0, result.length - 10)) : Uint8Array.from(result);
      if (at >= 0) bad[at]! ^= 1;
      t.server.put('bad', bad);
      expect(await t.call('streamDecrypt', KEY, 'bad')).toMatchObject({ code });
      expect(t.server.take('bad.out')).toBeUndefined();
    }
  });
});
