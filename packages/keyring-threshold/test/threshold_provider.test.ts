import { describe, expect, it } from 'vitest';
import { ConfigError, type Keyring, type ProviderContext } from '@envelope/core';
import { ThresholdKeyring, thresholdProvider } from '@envelope/keyring-threshold';

const custodian = (i: number) => ({ type: 'raw-rsa', keyNamespace: 'custodian', keyName: `officer-${i}`, publicKey: `officer-${i}.pub.pem`, padding: 'oaep-sha256' });
const config = (threshold: unknown, n = 5) => ({ type: 'threshold', keyNamespace: 'board', keyName: 'board-2026', threshold, custodians: Array.from({ length: n }, (_, i) => custodian(i)) });
const parseError = (c: unknown, at = 'keyring.children[1]'): ConfigError => {
  try {
    thresholdProvider.parse(c, at);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('no ConfigError');
};

describe('thresholdProvider', () => {
  it('threshold 6 of 5, 1, 2.5 or a string is a ConfigError naming …threshold', () => {
    for (const t of [6, 1, 0, 2.5, '3']) expect(parseError(config(t)).path).toBe('keyring.children[1].threshold');
    expect(parseError(config(6)).message).toBe('keyring.children[1].threshold: must be an integer from 2 to 5 (the number of custodians), got 6');
    expect(parseError(config(1)).message).toContain('got 1');
  });

  it('missing or too few custodians, a missing field, an unknown field or a KMS namespace name their path', () => {
    const { custodians: _c, ...noCustodians } = config(3);
    expect(parseError(noCustodians).path).toBe('keyring.children[1].custodians');
    expect(parseError(config(2, 1)).path).toBe('keyring.children[1].custodians');
    const { keyName: _k, ...noName } = config(3);
    expect(parseError(noName).path).toBe('keyring.children[1].keyName');
    expect(parseError({ ...config(3), thresold: 3 }).path).toBe('keyring.children[1].thresold');
    expect(parseError({ ...config(3), keyNamespace: 'aws-kms-board' }).path).toBe('keyring.children[1].keyNamespace');
  });

  it('builds each custodian through the context, with its JSON path', async () => {
    const built: string[] = [];
    const stub: Keyring = { onEncrypt: async (m) => m, onDecrypt: async (m) => m };
    const context: ProviderContext = {
      build: async (_c, path) => (built.push(path), stub),
      baseDir: '.',
      kms: {},
      env: {},
      services: { get: () => { throw new Error('no services in this test'); } },
    };
    const parsed = thresholdProvider.parse(config(3), 'keyring');
    const k = await thresholdProvider.create(parsed, context);
    expect(k).toBeInstanceOf(ThresholdKeyring);
    expect((k as ThresholdKeyring).threshold).toBe(3);
    expect(built).toEqual([0, 1, 2, 3, 4].map((i) => `keyring.custodians[${i}]`));
  });
});
