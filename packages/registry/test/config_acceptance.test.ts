// Issue 8 acceptance: config-built keyrings on kms-local (3 regions) + an RSA-4096 escrow key.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encrypt, decrypt, ConfigError, NoKeyDecryptedError, type Keyring, type KeyringProvider } from '@envelope/core';
import { startKmsLocal, createMultiRegionKey, type KmsLocal } from '@envelope/kms-local';
import { generateRsaKeyPair } from '@envelope/keyring-raw-rsa';
import { RawAesKeyring } from '@envelope/keyring-raw-aes';
import { createRegistry, keyringFromConfig } from '@envelope/registry';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
let local: KmsLocal;
let dir: string;
let fullConfigPath: string;
let message: Uint8Array;

const fullConfig = (timeoutMs = 500) => ({
  localRegion: 'us-east-1',
  kms: { endpoints: local.endpoints, credentials: local.credentials, timeoutMs },
  keyring: {
    type: 'multi',
    generator: { type: 'aws-kms', keyId: 'alias/app', regions: REGIONS },
    children: [{ type: 'raw-rsa', keyNamespace: 'escrow', keyName: 'escrow-2026', publicKey: 'escrow.pub.pem', privateKey: 'escrow.pem', padding: 'oaep-sha256' }],
  },
});
const decrypts = (region?: string) => local.requests(region).filter((r) => r.operation === 'Decrypt');

beforeAll(async () => {
  local = await startKmsLocal({ regions: REGIONS });
  await createMultiRegionKey(local, { primaryRegion: 'us-east-1', replicaRegions: ['eu-west-1', 'ap-southeast-2'], alias: 'alias/app' });
  dir = mkdtempSync(path.join(tmpdir(), 'envelope-registry-'));
  const { publicKeyPem, privateKeyPem } = await generateRsaKeyPair({ bits: 4096 });
  writeFileSync(path.join(dir, 'escrow.pub.pem'), publicKeyPem);
  writeFileSync(path.join(dir, 'escrow.pem'), privateKeyPem, { mode: 0o600 });
  fullConfigPath = path.join(dir, 'envelope.json');
  writeFileSync(fullConfigPath, JSON.stringify(fullConfig(), null, 2));
  const k = await keyringFromConfig(fullConfigPath);
  const r = await encrypt(k, 'survives regions', { encryptionContext: { app: 'registry-test' } });
  expect(r.header.encryptedDataKeys.map((e) => e.providerId)).toEqual(['aws-kms', 'aws-kms', 'aws-kms', 'escrow']);
  message = r.ciphertext;
}, 120_000);
afterAll(async () => {
  await local.close();
});
beforeEach(() => {
  for (const r of REGIONS) local.setFault(r, { mode: 'none' });
  local.clearRequests();
});

describe('decrypt order from a config-built keyring', () => {
  it('healthy: exactly one Decrypt call, to the local region', async () => {
    const k = await keyringFromConfig(fullConfigPath);
    local.clearRequests();
    const out = await decrypt(k, message);
    expect(Buffer.from(out.plaintext).toString()).toBe('survives regions');
    expect(decrypts().map((d) => d.region)).toEqual(['us-east-1']);
    expect(out.decryptedBy).toMatchObject({ providerId: 'aws-kms', region: 'us-east-1' });
  });

  it('local region down: another region decrypts; once the breaker is open the next 20 decrypts send nothing there', async () => {
    const k = await keyringFromConfig(fullConfigPath);
    local.setFault('us-east-1', { mode: 'down' });
    local.clearRequests();
    const first = await decrypt(k, message);
    expect(first.decryptedBy?.region).not.toBe('us-east-1');
    expect(first.attempts?.some((a) => a.region === 'us-east-1')).toBe(true);
    local.clearRequests();
    for (let i = 0; i < 20; i++) {
      const out = await decrypt(k, message);
      expect(out.decryptedBy?.region).not.toBe('us-east-1');
    }
    expect(local.requests('us-east-1')).toHaveLength(0);
    // One Decrypt each in another region, and at most one hedge each where that call was slow
    // (a loaded machine): never a retry loop.
    expect(decrypts().length).toBeGreaterThanOrEqual(20);
    expect(decrypts().length).toBeLessThanOrEqual(40);
  });

  it('every region down or hanging: the escrow key decrypts within the deadlines', async () => {
    const k = await keyringFromConfig({ ...fullConfig(400), keyring: { ...fullConfig(400).keyring } }, { baseDir: dir });
    local.setFault('us-east-1', { mode: 'hang' });
    local.setFault('eu-west-1', { mode: 'down' });
    local.setFault('ap-southeast-2', { mode: 'hang' });
    const t0 = Date.now();
    const out = await decrypt(k, message);
    expect(Date.now() - t0).toBeLessThan(8000);
    expect(out.decryptedBy).toEqual({ providerId: 'escrow', keyId: 'escrow/escrow-2026' });
    expect(out.attempts?.map((a) => a.region).filter(Boolean).sort()).toEqual([...REGIONS].sort());
  });

  it('the escrow-only config (only the private key) decrypts a message made by the full config, with no KMS at all', async () => {
    const escrowOnly = path.join(dir, 'recovery.json');
    writeFileSync(escrowOnly, JSON.stringify({ keyring: { type: 'raw-rsa', keyNamespace: 'escrow', keyName: 'escrow-2026', privateKey: 'escrow.pem', padding: 'oaep-sha256' } }));
    const out = await decrypt(await keyringFromConfig(escrowOnly), message);
    expect(Buffer.from(out.plaintext).toString()).toBe('survives regions');
    expect(local.requests()).toHaveLength(0);
  });
});

describe('config errors name the JSON path', () => {
  const bad = async (config: object): Promise<ConfigError> => {
    const e = await keyringFromConfig(config, { baseDir: dir }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  };
  it('unknown type, missing field, bad padding', async () => {
    expect((await bad({ keyring: { type: 'multi', children: [{ type: 'nope' }] } })).path).toBe('keyring.children[0].type');
    expect((await bad({ keyring: { type: 'multi', children: [{ type: 'raw-aes', keyNamespace: 'n', key: 'base64:AAAA' }, { type: 'raw-rsa', keyNamespace: 'escrow', publicKey: 'escrow.pub.pem', padding: 'oaep-sha256' }] } })).message).toMatch(/keyring\.children\[(0|1)\]\.keyName/);
    expect((await bad({ keyring: { type: 'raw-rsa', keyNamespace: 'e', keyName: 'k', publicKey: 'escrow.pub.pem', padding: 'oaep-md5' } })).message).toContain('keyring.padding');
    expect((await bad({})).message).toContain('keyring');
  });
});

describe('registry', () => {
  it('has the built-in providers, refuses a type twice, and two registries share nothing', () => {
    const a = createRegistry();
    const b = createRegistry();
    expect(a.types()).toEqual(['aws-kms', 'raw-rsa', 'raw-aes', 'multi', 'threshold', 'hierarchical']);
    const custom: KeyringProvider<{ n: number }> = { type: 'custom', parse: () => ({ n: 1 }), create: () => new RawAesKeyring({ keyNamespace: 'c', keyName: 'c', wrappingKey: new Uint8Array(32) }) };
    a.register(custom);
    expect(() => a.register(custom)).toThrow(ConfigError);
    expect(() => a.register({ ...custom, type: 'raw-aes' })).toThrow(/already registered/);
    expect(a.get('custom')).toBe(custom);
    expect(b.get('custom')).toBeUndefined();
  });
  it('a third-party provider works through config, nested in a multi keyring', async () => {
    const registry = createRegistry();
    const key = new Uint8Array(32).fill(7);
    registry.register({
      type: 'test-env',
      parse: (c, p) => {
        const v = (c as { variable?: unknown }).variable;
        if (typeof v !== 'string') throw new ConfigError('required string is missing', `${p}.variable`);
        return { variable: v };
      },
      create: (c: { variable: string }, ctx) => new RawAesKeyring({ keyNamespace: 'env', keyName: c.variable, wrappingKey: Buffer.from(ctx.env[c.variable] ?? '', 'base64') }),
    });
    const env = { TEST_KEY: Buffer.from(key).toString('base64') };
    const k: Keyring = await keyringFromConfig({ keyring: { type: 'multi', generator: { type: 'test-env', variable: 'TEST_KEY' } } }, { registry, env });
    const { ciphertext, header } = await encrypt(k, 'third party');
    expect(header.encryptedDataKeys[0]?.providerId).toBe('env');
    expect(Buffer.from((await decrypt(k, ciphertext)).plaintext).toString()).toBe('third party');
    const e = await keyringFromConfig({ keyring: { type: 'test-env' } }, { registry, env }).catch((x: unknown) => x);
    expect((e as ConfigError).path).toBe('keyring.variable');
    await expect(decrypt(await keyringFromConfig({ keyring: { type: 'test-env', variable: 'TEST_KEY' } }, { registry, env: { TEST_KEY: Buffer.alloc(32, 1).toString('base64') } }), ciphertext)).rejects.toBeInstanceOf(NoKeyDecryptedError);
  });
});
