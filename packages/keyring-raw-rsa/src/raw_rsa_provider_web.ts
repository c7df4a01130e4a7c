import { ConfigError, type KeyringProvider } from '@envelope/core';
import { RawRsaKeyring } from './raw_rsa_keyring_web.js';
import { parseRawRsaConfig, PRIVATE_AS_PUBLIC, type RawRsaConfig, type RawRsaFileRef } from './raw_rsa_config.js';

const NODE_ONLY = 'is read in Node only; in browsers give the PEM inline ("-----BEGIN PUBLIC KEY-----…" / "-----BEGIN PRIVATE KEY-----…")';

/** The inline PEM of a key field; a file path is a ConfigError at the field. */
function inlinePem(ref: RawRsaFileRef | undefined, what: string): string | undefined {
  if (ref === undefined) return undefined;
  if (ref.pem === undefined) throw new ConfigError(`${what} file ${JSON.stringify(ref.file)} ${NODE_ONLY}`, ref.at);
  return ref.pem;
}

/**
 * The `raw-rsa` provider of the browser build: the same entries as in Node, keys as inline PEM
 * (SPKI public, unencrypted PKCS#8 private). Key files, PKCS#12 and passphrases are ConfigErrors
 * naming the field; `pkcs1` is the keyring's ConfigError, as when it is built in code.
 */
export const rawRsaProvider: KeyringProvider<RawRsaConfig> = {
  type: 'raw-rsa',
  parse: parseRawRsaConfig,
  async create(config: RawRsaConfig): Promise<RawRsaKeyring> {
    if (config.pkcs12) throw new ConfigError(`PKCS#12 files are read in Node only; in browsers give PEM keys inline`, config.pkcs12.at);
    if (config.passphraseEnv) throw new ConfigError('encrypted private keys are read in Node only (a page has no environment); in browsers give an unencrypted PKCS#8 PEM', config.passphraseEnv.at);
    const publicKey = inlinePem(config.publicKey, 'public key');
    const privateKey = inlinePem(config.privateKey, 'private key');
    if (publicKey !== undefined && /-----BEGIN (RSA |ENCRYPTED )?PRIVATE KEY-----/.test(publicKey)) throw new ConfigError(PRIVATE_AS_PUBLIC, config.publicKey!.at);
    return new RawRsaKeyring({
      keyNamespace: config.keyNamespace,
      keyName: config.keyName,
      padding: config.padding,
      ...(publicKey !== undefined ? { publicKey } : {}),
      ...(privateKey !== undefined ? { privateKey } : {}),
    });
  },
};
