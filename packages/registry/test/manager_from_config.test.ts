// managerFromConfig: a config's "cache" and "requiredEncryptionContextKeys" wrap its keyring
// (issue 15), checked through kms-local (one region) and the real @aws-sdk/client-kms.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encrypt, decrypt, ConfigError, EncryptionContextError } from '@envelope/core';
import { startKmsLocal, createMultiRegionKey, type KmsLocal } from '@envelope/kms-local';
import { keyringFromConfig, managerFromConfig } from '@envelope/registry';

let local: KmsLocal;
let arn: string;
let dir: string;

/** Operations kms-local logged, read over its admin route. */
async function operations(op: string): Promise<number> {
  const res = await fetch(`${local.endpoints['us-east-1']}/__admin/requests`, { headers: { 'content-type': 'application/json' } });
  const log = (await res.json()) as { operation: string }[];
  return log.filter((e) => e.operation === op).length;
}

const config = (extra: object = {}) => ({
  kms: { endpoints: local.endpoints, credentials: local.credentials, timeoutMs: 2000 },
  keyring: { type: 'aws-kms', generatorKeyId: arn },
  ...extra,
});

beforeAll(async () => {
  local = await startKmsLocal({ regions: ['us-east-1'] });
  arn = (await createMultiRegionKey(local, { primaryRegion: 'us-east-1', replicaRegions: [] })).arns['us-east-1']!;
  dir = mkdtempSync(path.join(tmpdir(), 'envelope-manager-config-'));
});
afterAll(async () => {
  await local.close();
});

describe('managerFromConfig', () => {
  it('cache + requiredEncryptionContextKeys from a file: 100 encrypts with maxMessages 50 → 2 GenerateDataKey; a context without the key is refused', async () => {
    const file = path.join(dir, 'cached.json');
    writeFileSync(file, JSON.stringify(config({ cache: { maxAgeSeconds: 60, maxMessages: 50, maxBytes: 1_000_000, capacity: 10 }, requiredEncryptionContextKeys: ['tenant'] })));
    const manager = await managerFromConfig(file);
    local.clearRequests();
    const sequential: Uint8Array[] = [];
    for (let i = 0; i < 50; i++) sequential.push((await encrypt(manager, `m${i}`, { encryptionContext: { tenant: 'a' } })).ciphertext);
    await Promise.all(Array.from({ length: 50 }, (_, i) => encrypt(manager, `c${i}`, { encryptionContext: { tenant: 'a' } })));
    expect(await operations('GenerateDataKey')).toBe(2);
    await expect(encrypt(manager, 'x', { encryptionContext: { other: 'a' } })).rejects.toBeInstanceOf(EncryptionContextError);
    await expect(decrypt(manager, sequential[0]!)).rejects.toBeInstanceOf(EncryptionContextError);
    const out = await decrypt(manager, sequential[7]!, { encryptionContext: { tenant: 'a' } });
    expect(Buffer.from(out.plaintext).toString()).toBe('m7');
    expect(await operations('GenerateDataKey')).toBe(2);
  });

  it('no manager settings: the plain keyring behaviour (one GenerateDataKey per message)', async () => {
    const manager = await managerFromConfig(config());
    local.clearRequests();
    for (let i = 0; i < 3; i++) await encrypt(manager, 'x');
    expect(await operations('GenerateDataKey')).toBe(3);
  });

  it('bad settings are ConfigErrors naming the JSON path, in managerFromConfig and keyringFromConfig alike', async () => {
    const cases: [object, string][] = [
      [{ cache: {} }, 'cache.maxAgeSeconds'],
      [{ cache: { maxAgeSeconds: 0 } }, 'cache.maxAgeSeconds'],
      [{ cache: { maxAgeSeconds: 5, maxMessages: 0 } }, 'cache.maxMessages'],
      [{ cache: { maxAgeSeconds: 5, maxMessages: 1.5 } }, 'cache.maxMessages'],
      [{ cache: { maxAgeSeconds: 5, maxBytes: -1 } }, 'cache.maxBytes'],
      [{ cache: { maxAgeSeconds: 5, capacity: 0 } }, 'cache.capacity'],
      [{ cache: { maxAgeSeconds: 5, maxAge: 3 } }, 'cache.maxAge'],
      [{ cache: 'yes' }, 'cache'],
      [{ requiredEncryptionContextKeys: [] }, 'requiredEncryptionContextKeys'],
      [{ requiredEncryptionContextKeys: ['tenant', 7] }, 'requiredEncryptionContextKeys[1]'],
      [{ requiredEncryptionContextKeys: ['aws-crypto-x'] }, 'requiredEncryptionContextKeys[0]'],
    ];
    for (const [extra, where] of cases) {
      for (const build of [managerFromConfig, keyringFromConfig]) {
        const e = await build(config(extra)).catch((x: unknown) => x);
        expect(e, JSON.stringify(extra)).toBeInstanceOf(ConfigError);
        expect((e as ConfigError).path).toBe(where);
      }
    }
  });

  it('keyringFromConfig accepts a config carrying the manager settings and builds its plain keyring', async () => {
    const k = await keyringFromConfig(config({ cache: { maxAgeSeconds: 5 }, requiredEncryptionContextKeys: ['tenant'] }));
    const { ciphertext } = await encrypt(k, 'plain', { encryptionContext: {} });
    expect(Buffer.from((await decrypt(k, ciphertext)).plaintext).toString()).toBe('plain');
  });
});
