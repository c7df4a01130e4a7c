/**
 * The keyring a command works with: from `--config FILE` (default `$ENVELOPE_CONFIG`), or, with no
 * config at all, from `-r/--recipient PEM`, `--identity PEM` and `--kms KEY [--regions …]`.
 *
 * Config-free RSA keys are written with key namespace {@link RECIPIENT_NAMESPACE} and key name
 * `sha256:` + the hex SHA-256 of the public key's SubjectPublicKeyInfo (DER), padding OAEP-SHA256:
 * the private key finds its EDK by the same fingerprint, so no names need to be agreed on.
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { EnvelopeError, type Keyring, type MaterialsManager } from '@envelope/core';
import { MultiKeyring } from '@envelope/keyring-multi';
import { RawRsaKeyring, holdsPrivateKey, loadRsaPrivateKey, loadRsaPublicKey } from '@envelope/keyring-raw-rsa';
import { UsageError } from './exit_codes.js';
import { readPassphrase } from './prompt.js';
import { IdentityKeyring } from './identity_keyring.js';
import type { KeyringFlags } from './keyring_flag_values.js';

/** Key namespace (EDK provider id) of keys given with `-r` / `--identity`. */
export const RECIPIENT_NAMESPACE = 'envelope-rsa';
/** Padding of keys given with `-r` / `--identity`. */
export const RECIPIENT_PADDING = 'oaep-sha256';

export type { KeyringFlags };

/** `sha256:<hex>` of the SubjectPublicKeyInfo DER of an RSA public key. */
export function recipientKeyName(publicKey: KeyObject): string {
  return `sha256:${createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex')}`;
}

function readKey(flag: string, file: string): string {
  try {
    return readFileSync(file, 'latin1');
  } catch (e) {
    throw new UsageError(`${flag} ${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** Key loading errors say which flag and file they came from. */
function atFlag<T>(flag: string, file: string, load: () => T): T {
  try {
    return load();
  } catch (e) {
    if (e instanceof EnvelopeError) throw new UsageError(`${flag} ${file}: ${e.message}`, { cause: e });
    throw e;
  }
}

function recipientKeyring(file: string): Keyring {
  const pem = readKey('-r', file);
  if (holdsPrivateKey(pem.includes('-----BEGIN') ? pem : readFileSync(file))) {
    throw new UsageError(`-r ${file} holds a private key; give the public key (keygen writes it as PREFIX.pub.pem): a machine that encrypts must not hold the private key`);
  }
  const publicKey = atFlag('-r', file, () => loadRsaPublicKey(pem.includes('-----BEGIN') ? pem : readFileSync(file), { label: 'public key' }));
  return new RawRsaKeyring({ keyNamespace: RECIPIENT_NAMESPACE, keyName: recipientKeyName(publicKey), publicKey, padding: RECIPIENT_PADDING });
}

/** Tries at a terminal allow for a mistyped passphrase. */
const PASSPHRASE_TRIES = 3;

function loadIdentity(file: string, pem: string, passphrase: string | undefined): KeyObject {
  return atFlag('--identity', file, () =>
    loadRsaPrivateKey(pem.includes('-----BEGIN') ? pem : readFileSync(file), { label: 'private key', ...(passphrase !== undefined ? { passphrase } : {}) }),
  );
}

/** An encrypted key's passphrase from --passphrase-env, or asked for at a terminal (again after a wrong one). */
async function loadEncryptedIdentity(file: string, pem: string, flags: KeyringFlags, input: string | undefined): Promise<KeyObject> {
  if (flags.passphraseEnv) {
    const passphrase = process.env[flags.passphraseEnv];
    if (passphrase === undefined) throw new UsageError(`--passphrase-env: environment variable ${flags.passphraseEnv} is not set`);
    return loadIdentity(file, pem, passphrase);
  }
  for (let i = 1; ; i++) {
    const passphrase = await readPassphrase(`Passphrase of ${file}: `, { stdinIsData: input === undefined || input === '-' });
    if (passphrase === undefined) throw new UsageError(`--identity ${file} is encrypted: give --passphrase-env VAR (or run on a terminal to be asked)`);
    try {
      return loadIdentity(file, pem, passphrase);
    } catch (e) {
      if (i >= PASSPHRASE_TRIES) throw e;
      process.stderr.write(`envelope: ${(e as Error).message}; try again\n`);
    }
  }
}

async function identityKeyring(file: string, flags: KeyringFlags, input: string | undefined): Promise<Keyring> {
  const pem = readKey('--identity', file);
  const privateKey = pem.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----') ? await loadEncryptedIdentity(file, pem, flags, input) : loadIdentity(file, pem, undefined);
  return new IdentityKeyring(privateKey, recipientKeyName(createPublicKey(privateKey)), file);
}

/**
 * Builds the keyring of a command. `mode` says which key flags apply: `-r` encrypts, `--identity`
 * decrypts, `--kms` does both. With none of them the config is `--config` or `$ENVELOPE_CONFIG`, built
 * with managerFromConfig so its "cache" and "requiredEncryptionContextKeys" apply.
 */
export async function keyringFromFlags(flags: KeyringFlags, mode: 'encrypt' | 'decrypt', input?: string): Promise<Keyring | MaterialsManager> {
  const recipients = flags.recipient ?? [];
  const identities = flags.identity ?? [];
  const kms = flags.kms ?? [];
  // The registry and the KMS packages load only when a config or a KMS flag needs them.
  const regions = flags.regions === undefined ? undefined : (await import('./region_args.js')).parseRegions(flags.regions);
  if (!flags.discovery && (flags.discoveryAccount?.length || flags.discoveryPartition)) throw new UsageError('--discovery-account and --discovery-partition go with --discovery');
  const keyFlags = recipients.length + identities.length + kms.length > 0 || flags.discovery === true;
  if (!keyFlags) {
    if (regions) throw new UsageError('--regions goes with --kms or --discovery');
    const config = flags.config ?? (process.env['ENVELOPE_CONFIG'] || undefined);
    if (!config) {
      const keys = mode === 'encrypt' ? '-r PUBLIC.pem or --kms KEY' : '--identity PRIVATE.pem or --kms KEY';
      throw new UsageError(`${mode} needs keys: --config FILE (or ENVELOPE_CONFIG), or ${keys}`);
    }
    return (await import('@envelope/client')).managerFromConfig(config);
  }
  if (flags.config) throw new UsageError('give either --config or key flags (-r, --identity, --kms, --discovery), not both');
  const rsa = mode === 'encrypt' ? recipients.map((f) => recipientKeyring(f)) : [];
  if (mode === 'decrypt') for (const f of identities) rsa.push(await identityKeyring(f, flags, input));
  const kmsKeyrings = kms.length || flags.discovery ? await (await import('./kms_flags.js')).kmsKeyringsFromFlags(flags, regions) : [];
  const all = [...kmsKeyrings, ...rsa];
  if (all.length === 1) return all[0]!;
  // KMS makes the data key when there is one; otherwise the first recipient does.
  return mode === 'encrypt' ? new MultiKeyring({ generator: all[0]!, children: all.slice(1) }) : new MultiKeyring({ children: all });
}
