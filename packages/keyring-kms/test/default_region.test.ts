// Issue 19 item 5: one localRegion default, the AWS SDK's region resolution: environment, then the
// profile in the shared config file, then in the credentials file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultRegion, KmsKeyring } from '@envelope/keyring-kms';

const home = mkdtempSync(path.join(tmpdir(), 'envelope-region-'));
const config = path.join(home, 'config');
const credentials = path.join(home, 'credentials');
writeFileSync(config, '# shared config\n[default]\nregion = eu-west-1\n\n[profile prod]\noutput = json\nregion=ap-southeast-2\n[profile empty]\noutput = json\n');
writeFileSync(credentials, '[default]\naws_access_key_id = x\n[ci]\nregion = ca-central-1\n');
const files = { HOME: home, AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials };

describe('defaultRegion', () => {
  it('AWS_REGION first, then AWS_DEFAULT_REGION, then the profile', () => {
    expect(defaultRegion({ ...files, AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-west-2' })).toBe('us-east-1');
    expect(defaultRegion({ ...files, AWS_DEFAULT_REGION: 'us-west-2' })).toBe('us-west-2');
    expect(defaultRegion(files)).toBe('eu-west-1');
  });

  it('AWS_PROFILE picks [profile NAME] in the config file, then [NAME] in the credentials file', () => {
    expect(defaultRegion({ ...files, AWS_PROFILE: 'prod' })).toBe('ap-southeast-2');
    expect(defaultRegion({ ...files, AWS_PROFILE: 'ci' })).toBe('ca-central-1');
    expect(defaultRegion({ ...files, AWS_PROFILE: 'empty' })).toBeUndefined();
  });

  it('~/.aws/config when no file is named; undefined when nothing is set', () => {
    expect(defaultRegion({ HOME: path.join(home, 'nowhere') })).toBeUndefined();
    const h2 = mkdtempSync(path.join(tmpdir(), 'envelope-region-home-'));
    writeFileSync(path.join(h2, 'config-not-here'), '');
    expect(defaultRegion({ HOME: h2 })).toBeUndefined();
  });

  it('is the default of KmsKeyring in code (process environment)', () => {
    const saved = { ...process.env };
    try {
      delete process.env['AWS_REGION'];
      Object.assign(process.env, files, { AWS_DEFAULT_REGION: 'sa-east-1' });
      expect(new KmsKeyring({ generatorKeyId: 'alias/app' }).localRegion).toBe('sa-east-1');
      delete process.env['AWS_DEFAULT_REGION'];
      expect(new KmsKeyring({ generatorKeyId: 'alias/app' }).localRegion).toBe('eu-west-1');
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });
});
