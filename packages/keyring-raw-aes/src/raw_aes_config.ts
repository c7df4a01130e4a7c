/**
 * The `raw-aes` config entry, read the same way in Node and in browsers: `{ "type": "raw-aes",
 * "keyNamespace", "keyName", "key": "path/to/key.bin" | "base64:…" }`. Only reading a key file
 * differs (Node reads it; a page has no files).
 */
import { ConfigError, ConfigReader, type EncryptedDataKey, type KeyDescription } from '@envelope/core';
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

/** Reads and checks a `raw-aes` entry (an inline key is decoded and its length checked here). */
export function parseRawAesConfig(config: unknown, at: string): RawAesConfig {
  const r = new ConfigReader(config, at);
  r.onlyKnown(['type', 'keyNamespace', 'keyName', 'key']);
  const keyNamespace = r.string('keyNamespace');
  const keyName = r.string('keyName');
  const key = r.string('key');
  const keyPath = r.at('key');
  if (key.startsWith(BASE64)) {
    const text = key.slice(BASE64.length).trim();
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 === 1) throw new ConfigError('expected base64 after "base64:"', keyPath);
    const inlineKey = Uint8Array.from(atob(text.padEnd(Math.ceil(text.length / 4) * 4, '=')), (c) => c.charCodeAt(0));
    checkLength(inlineKey, keyPath);
    return { keyNamespace, keyName, inlineKey, keyPath };
  }
  return { keyNamespace, keyName, keyFile: key, keyPath };
}

/** The keyring of `config` over `bytes`, which are wiped (the keyring holds its own copy). */
export function rawAesKeyringOf(config: RawAesConfig, bytes: Uint8Array): RawAesKeyring {
  try {
    checkLength(bytes, config.keyPath);
    return new RawAesKeyring({ keyNamespace: config.keyNamespace, keyName: config.keyName, wrappingKey: bytes });
  } finally {
    bytes.fill(0);
  }
}

/** A raw AES EDK (any namespace): the key name from its provider info (name, tag bits, IV length, IV). */
export function describeRawAesEdk(edk: EncryptedDataKey): KeyDescription | undefined {
  const name = readProviderInfoName(edk.providerInfo);
  return name === undefined ? undefined : { providerId: edk.providerId, keyId: new TextDecoder().decode(name) };
}
