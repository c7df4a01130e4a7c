import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, SUITES, type ProviderContext } from '@envelope/core';
import { RawAesKeyring, rawAesProvider } from '@envelope/keyring-raw-aes';

const dir = mkdtempSync(path.join(tmpdir(), 'raw-aes-'));
const context: ProviderContext = {
  build: () => Promise.reject(new Error('no children')),
  baseDir: dir,
  kms: {},
  env: {},
  services: { get: () => { throw new Error('no services in this test'); } },
};

describe('rawAesProvider', () => {
  it('builds a keyring from a key file relative to baseDir, interchangeable with one built from base64', async () => {
    const key = randomBytes(32);
    writeFileSync(path.join(dir, 'k.bin'), key);
    const a = await rawAesProvider.create(rawAesProvider.parse({ type: 'raw-aes', keyNamespace: 'ns', keyName: 'n', key: 'k.bin' }, 'keyring'), context);
    const b = await rawAesProvider.create(
      rawAesProvider.parse({ type: 'raw-aes', keyNamespace: 'ns', keyName: 'n', key: `base64:${key.toString('base64')}` }, 'keyring'),
      context,
    );
    expect(a).toBeInstanceOf(RawAesKeyring);
    const s = SUITES[0x0578];
    const e = await a.onEncrypt({ suite: s, encryptionContext: {}, encryptedDataKeys: [] });
    const d = await b.onDecrypt({ suite: s, encryptionContext: {} }, e.encryptedDataKeys);
    expect(Buffer.from(d.plaintextDataKey!).equals(Buffer.from(e.plaintextDataKey!))).toBe(true);
  });

  it.each([
    [{ keyName: 'n', key: 'base64:AAAAAAAAAAAAAAAAAAAAAA==' }, 'keyring.children[0].keyNamespace'],
    [{ keyNamespace: 'ns', key: 'base64:AAAAAAAAAAAAAAAAAAAAAA==' }, 'keyring.children[0].keyName'],
    [{ keyNamespace: 'ns', keyName: 'n' }, 'keyring.children[0].key'],
    [{ keyNamespace: 'ns', keyName: 'n', key: 'base64:AAAA' }, 'keyring.children[0].key'],
    [{ keyNamespace: 'ns', keyName: 'n', key: 'base64:!!' }, 'keyring.children[0].key'],
    [{ keyNamespace: 'ns', keyName: 'n', key: 'base64:AAAAAAAAAAAAAAAAAAAAAA==', extra: 1 }, 'keyring.children[0].extra'],
  ])('names the JSON path of a bad field (%j)', (cfg, where) => {
    const err = (() => {
      try {
        rawAesProvider.parse({ type: 'raw-aes', ...cfg }, 'keyring.children[0]');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).path).toBe(where);
  });

  it('names the path when the key file is missing or has the wrong length', async () => {
    writeFileSync(path.join(dir, 'short.bin'), randomBytes(10));
    for (const key of ['missing.bin', 'short.bin']) {
      const cfg = rawAesProvider.parse({ type: 'raw-aes', keyNamespace: 'ns', keyName: 'n', key }, 'keyring');
      const err = await Promise.resolve(rawAesProvider.create(cfg, context)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).path).toBe('keyring.key');
    }
  });
});
