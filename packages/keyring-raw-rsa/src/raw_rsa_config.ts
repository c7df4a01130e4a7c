/**
 * The `raw-rsa` config entry, read the same way in Node and in browsers. `publicKey` and
 * `privateKey` are each either a file path (relative to the config file; Node only) or the PEM text
 * itself, inline (a value that begins with `-----BEGIN `), which is how a page gives its keys.
 */
import { ConfigError, ConfigReader } from '@envelope/core';
import { RSA_PADDINGS, type RsaPadding } from './rsa_padding.js';

/**
 * A key field of a `raw-rsa` config: `file` (the path as written) or `pem` (the key inline),
 * exactly one of them, and the field's JSON path.
 */
export interface RawRsaFileRef {
  /** Path of the key file, as written (resolved against the config's directory). */
  readonly file?: string;
  /** The PEM text, when the field holds the key itself. */
  readonly pem?: string;
  /** JSON path of the field that named it. */
  readonly at: string;
}

/** A parsed `raw-rsa` config entry. */
export interface RawRsaConfig {
  /** Key namespace. */
  readonly keyNamespace: string;
  /** Key name. */
  readonly keyName: string;
  /** RSA padding name. */
  readonly padding: RsaPadding;
  /** The public key (file or inline PEM). */
  readonly publicKey?: RawRsaFileRef;
  /** The private key (file or inline PEM; leave out for encrypt-only escrow). */
  readonly privateKey?: RawRsaFileRef;
  /** A PKCS#12 file holding the key pair. */
  readonly pkcs12?: RawRsaFileRef;
  /** Decrypt with legacy `pkcs1` padding (see RawRsaKeyringOptions.allowPkcs1Decrypt). */
  readonly allowPkcs1Decrypt?: boolean;
  /** Name of the environment variable holding the passphrase, and its JSON path. */
  readonly passphraseEnv?: {
    /** Variable name. */
    readonly name: string;
    /** JSON path of the field. */
    readonly at: string;
  };
}

/** Whether a key field's value is the PEM text itself rather than a path. */
export const isInlinePem = (value: string): boolean => value.trimStart().startsWith('-----BEGIN ');

/** Reads and checks a `raw-rsa` entry. */
export function parseRawRsaConfig(config: unknown, at: string): RawRsaConfig {
  const r = new ConfigReader(config, at);
  r.onlyKnown(['type', 'keyNamespace', 'keyName', 'padding', 'publicKey', 'privateKey', 'pkcs12', 'passphraseEnv', 'allowPkcs1Decrypt']);
  const ref = (field: string): RawRsaFileRef | undefined => {
    const value = r.optionalString(field);
    if (value === undefined) return undefined;
    return isInlinePem(value) && field !== 'pkcs12' ? { pem: value, at: r.at(field) } : { file: value, at: r.at(field) };
  };
  const out = {
    keyNamespace: r.string('keyNamespace'),
    keyName: r.string('keyName'),
    padding: r.oneOf('padding', RSA_PADDINGS),
    publicKey: ref('publicKey'),
    privateKey: ref('privateKey'),
    pkcs12: ref('pkcs12'),
    passphraseEnv: r.has('passphraseEnv') ? { name: r.string('passphraseEnv'), at: r.at('passphraseEnv') } : undefined,
    allowPkcs1Decrypt: r.has('allowPkcs1Decrypt') ? r.boolean('allowPkcs1Decrypt', false) : undefined,
  };
  if (!out.publicKey && !out.privateKey && !out.pkcs12) throw new ConfigError('needs publicKey, privateKey or pkcs12', at);
  if (out.pkcs12 && (out.publicKey || out.privateKey)) throw new ConfigError('pkcs12 cannot be combined with publicKey or privateKey', out.pkcs12.at);
  if (out.pkcs12 && !out.passphraseEnv) throw new ConfigError('pkcs12 needs passphraseEnv (the environment variable holding its passphrase)', r.at('passphraseEnv'));
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as unknown as RawRsaConfig;
}

/** The message when an escrow private key is given as `publicKey`. */
export const PRIVATE_AS_PUBLIC = 'is a private key; give the public key here (privateKey belongs only in recovery configs)';

/** Rethrows a ConfigError without a JSON path at `at`. */
export function rethrowAt<T>(at: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ConfigError && err.path === undefined) throw new ConfigError(err.message, at, err.cause !== undefined ? { cause: err.cause } : undefined);
    throw err;
  }
}
