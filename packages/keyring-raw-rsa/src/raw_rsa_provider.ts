import { Buffer } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, ConfigReader, type KeyringProvider, type ProviderContext } from '@envelope/core';
import { loadPkcs12 } from './pkcs12_loading.js';
import { RawRsaKeyring } from './raw_rsa_keyring.js';
import { RSA_PADDINGS, type RsaPadding } from './rsa_padding.js';
import { holdsPrivateKey, loadRsaPrivateKey, loadRsaPublicKey, type RsaKeyInput } from './rsa_key_loading.js';
import type { KeyObject } from 'node:crypto';

/** A file field of a `raw-rsa` config: the path as written and its JSON path. */
export interface RawRsaFileRef {
  /** Absolute path of the file. */
  readonly file: string;
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
  /** The public key file. */
  readonly publicKey?: RawRsaFileRef;
  /** The private key file (leave out for encrypt-only escrow). */
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

/**
 * Builds {@link RawRsaKeyring}s from config: `{ "type": "raw-rsa", "keyNamespace", "keyName",
 * "padding", "publicKey"?: path, "privateKey"?: path, "pkcs12"?: path, "passphraseEnv"?: name,
 * "allowPkcs1Decrypt"?: boolean }`.
 * Paths are relative to the config file; a passphrase only ever comes from the environment.
 */
export const rawRsaProvider: KeyringProvider<RawRsaConfig> = {
  type: 'raw-rsa',
  parse(config: unknown, at: string): RawRsaConfig {
    const r = new ConfigReader(config, at);
    r.onlyKnown(['type', 'keyNamespace', 'keyName', 'padding', 'publicKey', 'privateKey', 'pkcs12', 'passphraseEnv', 'allowPkcs1Decrypt']);
    const ref = (field: string): RawRsaFileRef | undefined => {
      const file = r.optionalString(field);
      return file === undefined ? undefined : { file, at: r.at(field) };
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
  },
  async create(config: RawRsaConfig, context: ProviderContext): Promise<RawRsaKeyring> {
    let passphrase: string | undefined;
    if (config.passphraseEnv) {
      passphrase = context.env[config.passphraseEnv.name];
      if (passphrase === undefined) throw new ConfigError(`environment variable ${config.passphraseEnv.name} is not set`, config.passphraseEnv.at);
    }
    const base = {
      keyNamespace: config.keyNamespace,
      keyName: config.keyName,
      padding: config.padding,
      ...(config.allowPkcs1Decrypt !== undefined ? { allowPkcs1Decrypt: config.allowPkcs1Decrypt } : {}),
    };
    if (config.pkcs12) {
      const bytes = await readKeyFile(config.pkcs12, context);
      const keys = rethrowAt(config.pkcs12.at, () => loadPkcs12(bytes, passphrase ?? ''));
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).fill(0);
      return new RawRsaKeyring({ ...base, publicKey: keys.publicKey, ...(keys.privateKey ? { privateKey: keys.privateKey } : {}) });
    }
    // Load each half on its own so an error names the field it came from.
    const privateKey = config.privateKey
      ? await loadAt(config.privateKey, context, (input) => loadRsaPrivateKey(input, { label: 'private key', ...(passphrase !== undefined ? { passphrase } : {}) }))
      : undefined;
    const publicKey = config.publicKey
      ? await loadAt(config.publicKey, context, (input) => {
          // An escrow private key named as publicKey would sit on every server that encrypts.
          if (holdsPrivateKey(input)) throw new ConfigError('is a private key; give the public key file here (privateKey belongs only in recovery configs)');
          return loadRsaPublicKey(input, { label: 'public key' });
        })
      : undefined;
    return new RawRsaKeyring({ ...base, ...(publicKey ? { publicKey } : {}), ...(privateKey ? { privateKey } : {}) });
  },
};

async function readKeyFile(ref: RawRsaFileRef, context: ProviderContext): Promise<Uint8Array> {
  const file = path.resolve(context.baseDir, ref.file);
  try {
    return await readFile(file);
  } catch (cause) {
    throw new ConfigError(`cannot read key file ${JSON.stringify(file)} (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, ref.at, { cause });
  }
}

async function loadAt(ref: RawRsaFileRef, context: ProviderContext, load: (input: RsaKeyInput) => KeyObject): Promise<KeyObject> {
  const bytes = await readKeyFile(ref, context);
  try {
    return rethrowAt(ref.at, () => load(asKeyInput(bytes)));
  } finally {
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).fill(0);
  }
}


/** PEM files are passed as text, anything else as DER bytes. */
function asKeyInput(bytes: Uint8Array): RsaKeyInput {
  const text = Buffer.from(bytes).toString('latin1');
  return text.includes('-----BEGIN ') ? text : bytes;
}

function rethrowAt<T>(at: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ConfigError && err.path === undefined) throw new ConfigError(err.message, at, err.cause !== undefined ? { cause: err.cause } : undefined);
    throw err;
  }
}
