// Issue 19 item 5: a config without localRegion takes the AWS SDK's region (keyring-kms's
// defaultRegion) from the environment given to keyringFromConfig.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KmsKeyring } from '@envelope/keyring-kms';
import { keyringFromConfig } from '@envelope/registry';

const home = mkdtempSync(path.join(tmpdir(), 'envelope-region-'));
const config = path.join(home, 'config');
writeFileSync(config, '[default]\nregion = eu-west-1\n[profile prod]\nregion = ap-southeast-2\n');
const files = { HOME: home, AWS_CONFIG_FILE: config };

describe('localRegion default in config files', () => {
  it('is the localRegion of a config-built KMS keyring without one (bare key ids resolve in it)', async () => {
    const k = await keyringFromConfig({ keyring: { type: 'aws-kms', generatorKeyId: 'alias/app' } }, { env: { ...files, AWS_PROFILE: 'prod' } });
    expect((k as KmsKeyring).localRegion).toBe('ap-southeast-2');
    const explicit = await keyringFromConfig({ localRegion: 'us-east-1', keyring: { type: 'aws-kms', generatorKeyId: 'alias/app' } }, { env: files });
    expect((explicit as KmsKeyring).localRegion).toBe('us-east-1');
    await expect(keyringFromConfig({ keyring: { type: 'aws-kms', generatorKeyId: 'alias/app' } }, { env: { HOME: path.join(home, 'nowhere') } })).rejects.toThrow(/no region is known/);
  });

});
