import { ConfigError, type KeyringProvider } from '@envelope/core';
import type { RawAesKeyring } from './raw_aes_keyring.js';
import { describeRawAesEdk, parseRawAesConfig, rawAesKeyringOf, type RawAesConfig } from './raw_aes_config.js';

/**
 * The `raw-aes` provider of the browser build: the same entries as in Node, with the key inline
 * (`"key": "base64:…"`); a key file path is a ConfigError, since a page has no files.
 */
export const rawAesProvider: KeyringProvider<RawAesConfig> = {
  type: 'raw-aes',
  parse: parseRawAesConfig,
  async create(config: RawAesConfig): Promise<RawAesKeyring> {
    if (config.inlineKey === undefined) {
      throw new ConfigError('key files are read in Node only; in browsers give the key inline as "base64:…"', config.keyPath);
    }
    return rawAesKeyringOf(config, Uint8Array.from(config.inlineKey));
  },
  describeEdk: describeRawAesEdk,
};
