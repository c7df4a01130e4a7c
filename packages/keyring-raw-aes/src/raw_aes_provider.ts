import { Buffer } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, ConfigReader, type KeyringProvider, type ProviderContext } from '@envelope/core';
import { RawAesKeyring } from './raw_aes_keyring.js';
import { readProviderInfoName } from './internal/provider_info.js';

/** A parsed `raw-aes` config entry. */
export interface RawAesConfig {
  /** Key namespace (EDK provider id). */
  readonly keyNamespace: string;
  /** Key name. */
  readonly keyName: string;
  /** The key bytes when given inline (`base64:…`), else undefined. */
  readonly inlineKey?: Uint8Array;
  /** Path of the key file as written in the config (resolved against baseDir at create time). */
  readonly keyFile?: string;
  /** JSON path of the `key` field, for errors at create time. */
  readonly keyPath: string;
}

const BASE64 = 'base64:';

function checkLength(bytes: Uint8Array, where: string): void {
  if (bytes.length !== 16 && bytes.length !== 24 && bytes.length !== 32) {
    throw new ConfigError(`AES key must be 16, 24 or 32 bytes, got ${bytes.length}`, where);
  }
}

/**
 * Builds {@link RawAesKeyring}s from config: `{ "type": "raw-aes", "keyNamespace", "keyName",
 * "key": "path/to/key.bin" | "base64:…" }`. A key file holds the raw key bytes; its path is
 * relative to the config file.
 */
export const rawAesProvider: KeyringProvider<RawAesConfig> = {
  type: 'raw-aes',
  parse(config: unknown, at: string): RawAesConfig {
    const r = new ConfigReader(config, at);
    r.onlyKnown(['type', 'keyNamespace', 'keyName', 'key']);
    const keyNamespace = r.string('keyNamespace');
    const keyName = r.string('keyName');
    const key = r.string('key');
    const keyPath = r.at('key');
    if (key.startsWith(BASE64)) {
      const text = key.slice(BASE64.length).trim();
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) throw new ConfigError('expected base64 after "base64:"', keyPath);
      const inlineKey = Buffer.from(text, 'base64');
      checkLength(inlineKey, keyPath);
      return { keyNamespace, keyName, inlineKey, keyPath };
    }
    return { keyNamespace, keyName, keyFile: key, keyPath };
  },
  async create(config: RawAesConfig, context: ProviderContext): Promise<RawAesKeyring> {
    let bytes: Uint8Array;
    if (config.inlineKey !== undefined) {
      bytes = Buffer.from(config.inlineKey);
    } else {
      const file = path.resolve(context.baseDir, config.keyFile ?? '');
      try {
        bytes = await readFile(file);
      } catch (cause) {
        const code = (cause as NodeJS.ErrnoException).code ?? 'error';
        throw new ConfigError(`cannot read key file ${JSON.stringify(file)} (${code})`, config.keyPath, { cause });
      }
    }
    try {
      checkLength(bytes, config.keyPath);
      return new RawAesKeyring({ keyNamespace: config.keyNamespace, keyName: config.keyName, wrappingKey: bytes });
    } finally {
      bytes.fill(0); // the keyring holds its own copy
    }
  },
  /** A raw AES EDK (any namespace): the key name from its provider info (name, tag bits, IV length, IV). */
  describeEdk(edk) {
    const name = readProviderInfoName(edk.providerInfo);
    return name === undefined ? undefined : { providerId: edk.providerId, keyId: Buffer.from(name).toString('utf8') };
  },
};
