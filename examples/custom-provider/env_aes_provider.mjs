// A third-party keyring provider: an AES key taken from an environment variable, registered under
// the type name "env-aes". Nothing in Envelope's packages knows about it.
import { ConfigReader, ConfigError, RawAesKeyring } from '@envelope/client';

export const envAesProvider = {
  type: 'env-aes',
  parse(config, path) {
    const r = new ConfigReader(config, path);
    r.onlyKnown(['type', 'keyNamespace', 'keyName', 'variable']);
    return { keyNamespace: r.string('keyNamespace'), keyName: r.string('keyName'), variable: r.string('variable'), at: r.at('variable') };
  },
  create(c, context) {
    const value = context.env[c.variable];
    if (!value) throw new ConfigError(`environment variable ${c.variable} is not set`, c.at);
    const key = Buffer.from(value, 'base64');
    if (![16, 24, 32].includes(key.length)) throw new ConfigError(`${c.variable} must hold a base64 AES key of 16, 24 or 32 bytes`, c.at);
    return new RawAesKeyring({ keyNamespace: c.keyNamespace, keyName: c.keyName, wrappingKey: new Uint8Array(key) });
  },
};
