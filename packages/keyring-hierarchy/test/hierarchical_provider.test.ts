// Config type "hierarchical": keyringFromConfig builds a working hierarchical keyring whose store
// takes its endpoints, credentials and local region from the config's top-level kms section.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, decrypt, encrypt } from '@envelope/core';
import { keyringFromConfig } from '@envelope/registry';
import { hierarchicalProvider } from '../src/index.js';
import { fixture, tableName, type Fixture } from './helpers.js';

const REGIONS = ['us-east-1', 'eu-west-1'];
let f: Fixture;
let table: string;
let branchKeyId: string;

beforeAll(async () => {
  f = await fixture(REGIONS);
  table = tableName();
  const admin = f.store({ tableName: table, kmsKeyArn: f.mrk['us-east-1']!, regions: REGIONS });
  await admin.createTable();
  ({ branchKeyId } = await admin.createKey());
});
afterAll(() => f.close());

const config = (keyring: Record<string, unknown>): object => ({
  localRegion: 'us-east-1',
  kms: { endpoints: f.local.endpoints, credentials: f.local.credentials, timeoutMs: 1500 },
  keyring: { type: 'hierarchical', tableName: table, kmsKeyArn: f.mrk['us-east-1'], branchKeyId, cacheTtlSeconds: 60, ...keyring },
});

describe('config type hierarchical', () => {
  it('builds a working keyring (one region, and a global table over two)', async () => {
    for (const extra of [{}, { regions: REGIONS, maxCacheSize: 10, partitionId: 'p', logicalKeyStoreName: table }]) {
      const k = await keyringFromConfig(config(extra));
      f.local.clearRequests();
      const { ciphertext, header } = await encrypt(k, 'from config', { encryptionContext: { a: 'b' } });
      expect(header.encryptedDataKeys[0]!.providerId).toBe('aws-kms-hierarchy');
      expect(Buffer.from((await decrypt(k, ciphertext)).plaintext).toString()).toBe('from config');
      expect(f.count('GetItem')).toBe(1);
      // Through the configured endpoint of the local region.
      expect(f.local.requests('us-east-1').length).toBeGreaterThan(0);
    }
  });

  it('refuses bad entries with a ConfigError naming the field', async () => {
    const bad = async (entry: Record<string, unknown>, path: RegExp): Promise<void> => {
      const e = await keyringFromConfig(config(entry)).then(() => undefined, (x: unknown) => x);
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).message + String((e as { path?: string }).path)).toMatch(path);
    };
    await bad({ kmsKeyArn: 'alias/app' }, /kmsKeyArn/);
    await bad({ kmsKeyArn: f.arn, regions: REGIONS }, /multi-region/);
    await bad({ cacheTtlSeconds: 0 }, /cacheTtlSeconds/);
    await bad({ branchKeyId: undefined }, /branchKeyId/);
    await bad({ extra: 1 }, /unknown field/);
  });

  it('describes its EDKs for inspect: the branch key id', () => {
    const d = hierarchicalProvider.describeEdk!({ providerId: 'aws-kms-hierarchy', providerInfo: Buffer.from('tenant-7'), ciphertext: new Uint8Array(0) }, () => ({ providerId: '', keyId: '' }));
    expect(d).toEqual({ providerId: 'aws-kms-hierarchy', keyId: 'tenant-7' });
  });
});
