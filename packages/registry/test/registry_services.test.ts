// The registry's container holds the services keyrings share; providers describe their own EDKs.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serviceKey, type Keyring } from '@envelope/core';
import { KmsKeyring, RegionHealth, REGION_HEALTH } from '@envelope/keyring-kms';
import { MultiKeyring } from '@envelope/keyring-multi';
import { createRegistry, keyringFromConfig } from '@envelope/registry';

const kmsConfig = {
  localRegion: 'us-east-1',
  kms: { endpoints: { 'us-east-1': 'http://127.0.0.1:9', 'eu-west-1': 'http://127.0.0.1:9' }, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-real-secret' } },
  keyring: {
    type: 'multi',
    generator: { type: 'aws-kms', generatorKeyId: 'arn:aws:kms:us-east-1:111122223333:key/mrk-1', keyIds: ['arn:aws:kms:eu-west-1:111122223333:key/mrk-1'] },
    children: [{ type: 'aws-kms', generatorKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/k2' }],
  },
};

describe('registry services', () => {
  it('one region health per build, shared by every KMS keyring and the multi keyring; none shared between builds', async () => {
    const a = (await keyringFromConfig(kmsConfig)) as MultiKeyring;
    const b = (await keyringFromConfig(kmsConfig)) as MultiKeyring;
    const [gen, child] = [a.generator as KmsKeyring, a.children[0] as KmsKeyring];
    expect(gen.health).toBeInstanceOf(RegionHealth);
    expect(child.health).toBe(gen.health);
    expect(a.availability).toBe(gen.health);
    expect(a.localRegion).toBe('us-east-1');
    expect(b.availability).not.toBe(a.availability);
  });

  it('a service can be rebound (e.g. a test clock), and third-party services resolve from the same container', async () => {
    const registry = createRegistry();
    const mine = new RegionHealth({ coolDownMs: 5 });
    registry.provide(REGION_HEALTH, () => mine);
    const k = (await keyringFromConfig(kmsConfig, { registry })) as MultiKeyring;
    expect(k.availability).toBe(mine);
    const COUNTER = serviceKey('test.counter', () => ({ n: 0 }));
    let seen: { n: number }[] = [];
    registry.register({
      type: 'counting',
      parse: () => ({}),
      create: (_c, ctx): Keyring => {
        seen.push(ctx.services.get(COUNTER));
        return { onEncrypt: async (m) => m, onDecrypt: async (m) => m };
      },
    });
    await keyringFromConfig({ keyring: { type: 'multi', children: [{ type: 'counting' }, { type: 'counting' }] } }, { registry });
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(seen[1]);
    const first = seen[0];
    seen = [];
    await keyringFromConfig({ keyring: { type: 'counting' } }, { registry });
    expect(seen[0]).not.toBe(first);
  });

  it('describeEdk: each provider describes its own EDKs; unknown ones fall back to the provider info text', () => {
    const r = createRegistry();
    const kms = r.describeEdk({ providerId: 'aws-kms', providerInfo: Buffer.from('arn:aws:kms:eu-west-1:111122223333:key/mrk-1'), ciphertext: new Uint8Array() });
    expect(kms).toEqual({ providerId: 'aws-kms', keyId: 'arn:aws:kms:eu-west-1:111122223333:key/mrk-1', region: 'eu-west-1' });
    const aesInfo = Buffer.concat([Buffer.from('key-a'), Buffer.from([0, 0, 0, 128, 0, 0, 0, 12]), Buffer.alloc(12, 9)]);
    expect(r.describeEdk({ providerId: 'team', providerInfo: aesInfo, ciphertext: new Uint8Array() })).toEqual({ providerId: 'team', keyId: 'key-a' });
    expect(r.describeEdk({ providerId: 'escrow', providerInfo: Buffer.from('escrow-2026'), ciphertext: new Uint8Array() })).toEqual({ providerId: 'escrow', keyId: 'escrow-2026' });
  });
});

describe('keyring-multi learns about regions only through core', () => {
  it('depends on @envelope/core only and never names a KMS class', () => {
    const root = path.resolve(import.meta.dirname, '../../keyring-multi');
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    expect(Object.keys(pkg.dependencies ?? {})).toEqual(['@envelope/core']);
    for (const f of readdirSync(path.join(root, 'src'))) {
      const text = readFileSync(path.join(root, 'src', f), 'utf8');
      expect(text).not.toMatch(/keyring-kms|instanceof\s+(Kms|Raw|Multi)/);
    }
  });
});
