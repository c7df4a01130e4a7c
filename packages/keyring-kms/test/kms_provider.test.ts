// Issue 14 item 13: a region name that is not one is a ConfigError naming the field, at parse time.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@envelope/core';
import { kmsProvider } from '@envelope/keyring-kms';

const parseError = (cfg: object): unknown => {
  try {
    kmsProvider.parse({ type: 'aws-kms', ...cfg }, 'keyring');
  } catch (e) {
    return e;
  }
  return undefined;
};

describe('kmsProvider.parse checks region names', () => {
  it.each([
    [{ keyId: 'alias/app', regions: ['us-east-1', 'eu-wset1'] }, 'keyring.regions[1]'],
    [{ keyId: 'alias/app', regions: ['nowhere'] }, 'keyring.regions[0]'],
    [{ generatorKeyId: 'arn:aws:kms:nope:111122223333:key/abc' }, 'keyring.generatorKeyId'],
    [{ generatorKeyId: 'arn:aws:kms:us-east-1:111122223333:key/abc', keyIds: ['arn:aws:kms:us-east-x:111122223333:key/abc'] }, 'keyring.keyIds[0]'],
    [{ keyId: 'alias/app', regions: ['us-east-1'], localRegion: 'local' }, 'keyring.localRegion'],
  ])('%j → ConfigError at %s', (cfg, where) => {
    const err = parseError(cfg);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).path).toBe(where);
    expect((err as Error).message).toMatch(/not an AWS region name/);
  });
  it('accepts the region names AWS uses', () => {
    const regions = ['us-east-1', 'eu-central-2', 'ap-southeast-4', 'us-gov-west-1', 'cn-northwest-1', 'us-isob-east-1', 'il-central-1'];
    expect(parseError({ keyId: 'alias/app', regions })).toBeUndefined();
  });
});
