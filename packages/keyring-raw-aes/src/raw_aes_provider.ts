import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, type KeyringProvider, type ProviderContext } from '@envelope/core';
import type { RawAesKeyring } from './raw_aes_keyring.js';
import { describeRawAesEdk, parseRawAesConfig, rawAesKeyringOf, type RawAesConfig } from './raw_aes_config.js';

export type { RawAesConfig } from './raw_aes_config.js';

/**
 * Builds {@link RawAesKeyring}s from config: `{ "type": "raw-aes", "keyNamespace", "keyName",
 * "key": "path/to/key.bin" | "base64:…" }`. A key file holds the raw key bytes; its path is
 * relative to the config file.
 */
export const rawAesProvider: KeyringProvider<RawAesConfig> = {
  type: 'raw-aes',
  parse: parseRawAesConfig,
  async create(config: RawAesConfig, context: ProviderContext): Promise<RawAesKeyring> {
    if (config.inlineKey !== undefined) return rawAesKeyringOf(config, Uint8Array.from(config.inlineKey));
    const file = path.resolve(context.baseDir, config.keyFile ?? '');
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code ?? 'error';
      throw new ConfigError(`cannot read key file ${JSON.stringify(file)} (${code})`, config.keyPath, { cause });
    }
    return rawAesKeyringOf(config, bytes);
  },
  describeEdk: describeRawAesEdk,
};
