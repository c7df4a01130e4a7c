/**
 * The config's top-level manager settings: `"cache": { maxAgeSeconds, maxMessages, maxBytes,
 * capacity }` and `"requiredEncryptionContextKeys": [...]`, checked with paths named.
 */
import { ConfigError, RESERVED_PREFIX, type ConfigReader } from '@envelope/core';

/** The cache settings of a config, in the units of CachingMaterialsManager. */
export interface CacheSettings {
  readonly maxAgeMs: number;
  readonly maxMessagesEncrypted?: number;
  readonly maxBytesEncrypted?: number;
  readonly capacity?: number;
}

/** What wraps the config's keyring. */
export interface ManagerSettings {
  readonly cache?: CacheSettings;
  readonly requiredEncryptionContextKeys?: readonly string[];
}

/** Reads and checks the manager settings of a config's top level. */
export function readManagerSettings(top: ConfigReader): ManagerSettings {
  const c = top.optionalObject('cache');
  let cache: CacheSettings | undefined;
  if (c) {
    c.onlyKnown(['maxAgeSeconds', 'maxMessages', 'maxBytes', 'capacity']);
    const maxAgeSeconds = c.number('maxAgeSeconds');
    if (maxAgeSeconds <= 0) throw new ConfigError(`must be more than 0, got ${maxAgeSeconds}`, c.at('maxAgeSeconds'));
    const maxMessages = c.optionalNumber('maxMessages', { min: 1, max: 2 ** 32, integer: true });
    const maxBytes = c.optionalNumber('maxBytes', { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true });
    const capacity = c.optionalNumber('capacity', { min: 1, max: 1_000_000, integer: true });
    cache = {
      maxAgeMs: maxAgeSeconds * 1000,
      ...(maxMessages !== undefined ? { maxMessagesEncrypted: maxMessages } : {}),
      ...(maxBytes !== undefined ? { maxBytesEncrypted: maxBytes } : {}),
      ...(capacity !== undefined ? { capacity } : {}),
    };
  }
  const keys = top.optionalStringArray('requiredEncryptionContextKeys', { nonEmpty: true });
  keys?.forEach((k, i) => {
    if (k.startsWith(RESERVED_PREFIX)) throw new ConfigError(`key uses the reserved prefix ${RESERVED_PREFIX}`, `${top.at('requiredEncryptionContextKeys')}[${i}]`);
  });
  return { ...(cache ? { cache } : {}), ...(keys ? { requiredEncryptionContextKeys: keys } : {}) };
}
