import { Buffer } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, type KeyringProvider, type ProviderContext } from '@envelope/core';
import { loadPkcs12 } from './pkcs12_loading.js';
import { RawRsaKeyring } from './raw_rsa_keyring.js';
import { parseRawRsaConfig, PRIVATE_AS_PUBLIC, rethrowAt, type RawRsaConfig, type RawRsaFileRef } from './raw_rsa_config.js';
import { holdsPrivateKey, loadRsaPrivateKey, loadRsaPublicKey, type RsaKeyInput } from './rsa_key_loading.js';
import type { KeyObject } from 'node:crypto';

export type { RawRsaConfig, RawRsaFileRef } from './raw_rsa_config.js';

/**
 * Builds {@link RawRsaKeyring}s from config: `{ "type": "raw-rsa", "keyNamespace", "keyName",
 * "padding", "publicKey"?: path or PEM, "privateKey"?: path or PEM, "pkcs12"?: path,
 * "passphraseEnv"?: name, "allowPkcs1Decrypt"?: boolean }`.
 * Paths are relative to the config file; a key field that begins with `-----BEGIN ` is the PEM
 * itself. A passphrase only ever comes from the environment.
 */
export const rawRsaProvider: KeyringProvider<RawRsaConfig> = {
  type: 'raw-rsa',
  parse: parseRawRsaConfig,
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
          if (holdsPrivateKey(input)) throw new ConfigError(PRIVATE_AS_PUBLIC);
          return loadRsaPublicKey(input, { label: 'public key' });
        })
      : undefined;
    return new RawRsaKeyring({ ...base, ...(publicKey ? { publicKey } : {}), ...(privateKey ? { privateKey } : {}) });
  },
};

async function readKeyFile(ref: RawRsaFileRef, context: ProviderContext): Promise<Uint8Array> {
  const file = path.resolve(context.baseDir, ref.file ?? '');
  try {
    return await readFile(file);
  } catch (cause) {
    throw new ConfigError(`cannot read key file ${JSON.stringify(file)} (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, ref.at, { cause });
  }
}

async function loadAt(ref: RawRsaFileRef, context: ProviderContext, load: (input: RsaKeyInput) => KeyObject): Promise<KeyObject> {
  if (ref.pem !== undefined) return rethrowAt(ref.at, () => load(ref.pem!));
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
