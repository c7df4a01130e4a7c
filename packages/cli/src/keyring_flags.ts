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
import { EnvelopeError, MultiKeyring, RawRsaKeyring, keyringFromConfig, holdsPrivateKey, loadRsaPrivateKey, loadRsaPublicKey, managerFromConfig, type Keyring, type MaterialsManager } from '@envelope/client';
import { UsageError } from './exit_codes.js';
import { parseRegions } from './context_args.js';
import { readPassphrase } from './prompt.js';
import { IdentityKeyring } from './identity_keyring.js';

/** Key namespace (EDK provider id) of keys given with `-r` / `--identity`. */
export const RECIPIENT_NAMESPACE = 'envelope-rsa';
/** Padding of keys given with `-r` / `--identity`. */
export const RECIPIENT_PADDING = 'oaep-sha256';

/** The flags that choose a keyring. */
export interface KeyringFlags {
  config?: string;
  recipient?: string[];
  identity?: string[];
  kms?: string[];
  regions?: string;
  passphraseEnv?: string;
  discovery?: boolean;
  discoveryAccount?: string[];
  discoveryPartition?: string;
}

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

/** The `aws-kms` config entries of `--kms` keys: ARNs together, each alias or key id over `regions`. */
function kmsEntries(keys: readonly string[], regions: readonly string[] | undefined): object[] {
  const arns = keys.filter((k) => k.startsWith('arn:'));
  const named = keys.filter((k) => !k.startsWith('arn:'));
  const entries: object[] = [];
  if (named.length) {
    const fromEnv = process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'];
    const over = regions ?? (fromEnv ? parseRegions(fromEnv, 'AWS_REGION') : undefined);
    if (!over) throw new UsageError(`--kms ${named[0]} is not an ARN: give --regions r1,r2 (or AWS_REGION) to place it`);
    for (const keyId of named) entries.push({ type: 'aws-kms', keyId, regions: over });
  }
  if (arns.length) entries.unshift({ type: 'aws-kms', generatorKeyId: arns[0], ...(arns.length > 1 ? { keyIds: arns.slice(1) } : {}) });
  return entries;
}

/**
 * The `aws-kms` discovery entry of `--discovery`: any KMS key of the accounts given opens the message,
 * in the region its ARN names. The account filter is required, as in the config: without it a message
 * whose header an attacker rewrote could send this machine's credentials to any key of any account.
 */
function discoveryEntry(flags: KeyringFlags): object {
  const accountIds = flags.discoveryAccount ?? [];
  if (!accountIds.length) throw new UsageError('--discovery needs --discovery-account ID (repeatable): only KMS keys of those accounts are tried');
  for (const a of accountIds) if (!/^\d{12}$/.test(a)) throw new UsageError(`--discovery-account ${JSON.stringify(a)} is not a 12-digit AWS account id`);
  return { type: 'aws-kms', discovery: true, discoveryFilter: { accountIds, partition: flags.discoveryPartition ?? 'aws' } };
}

/**
 * Per-region endpoints of `--kms` keys (KMS and the STS lookup alike), from
 * `ENVELOPE_KMS_ENDPOINTS=us-east-1=http://127.0.0.1:4566,eu-west-1=http://127.0.0.1:4567`, or, for a
 * single region, `AWS_ENDPOINT_URL_KMS` (which the AWS SDK applies to KMS only: the STS lookup of an
 * alias would go to AWS).
 */
export function kmsEndpointsFromEnv(regions: readonly string[] | undefined): Record<string, string> | undefined {
  const list = process.env['ENVELOPE_KMS_ENDPOINTS'];
  if (list) {
    const endpoints: Record<string, string> = {};
    for (const pair of list.split(',').map((p) => p.trim()).filter(Boolean)) {
      const m = /^([a-z0-9-]+)=(https?:\/\/\S+)$/.exec(pair);
      if (!m) throw new UsageError(`ENVELOPE_KMS_ENDPOINTS expects region=URL pairs separated by commas, got ${JSON.stringify(pair)}`);
      endpoints[m[1]!] = m[2]!;
    }
    return endpoints;
  }
  const one = process.env['AWS_ENDPOINT_URL_KMS'];
  if (!one || !regions) return undefined;
  if (regions.length > 1) throw new UsageError('AWS_ENDPOINT_URL_KMS is one endpoint for every region: with several --regions give ENVELOPE_KMS_ENDPOINTS=r1=URL1,r2=URL2 instead');
  return { [regions[0]!]: one };
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
  const regions = parseRegions(flags.regions);
  if (!flags.discovery && (flags.discoveryAccount?.length || flags.discoveryPartition)) throw new UsageError('--discovery-account and --discovery-partition go with --discovery');
  const keyFlags = recipients.length + identities.length + kms.length > 0 || flags.discovery === true;
  if (!keyFlags) {
    if (regions) throw new UsageError('--regions goes with --kms or --discovery');
    const config = flags.config ?? (process.env['ENVELOPE_CONFIG'] || undefined);
    if (!config) {
      const keys = mode === 'encrypt' ? '-r PUBLIC.pem or --kms KEY' : '--identity PRIVATE.pem or --kms KEY';
      throw new UsageError(`${mode} needs keys: --config FILE (or ENVELOPE_CONFIG), or ${keys}`);
    }
    return managerFromConfig(config);
  }
  if (flags.config) throw new UsageError('give either --config or key flags (-r, --identity, --kms, --discovery), not both');
  const rsa = mode === 'encrypt' ? recipients.map((f) => recipientKeyring(f)) : [];
  if (mode === 'decrypt') for (const f of identities) rsa.push(await identityKeyring(f, flags, input));
  const kmsKeyrings: Keyring[] = [];
  const endpoints = kms.length || flags.discovery ? kmsEndpointsFromEnv(regions) : undefined;
  const entries = [...kmsEntries(kms, regions), ...(flags.discovery ? [discoveryEntry(flags)] : [])];
  for (const entry of entries) {
    const config = { ...(regions ? { localRegion: regions[0] } : {}), ...(endpoints ? { kms: { endpoints } } : {}), keyring: entry };
    kmsKeyrings.push(await keyringFromConfig(config, { baseDir: process.cwd() }));
  }
  const all = [...kmsKeyrings, ...rsa];
  if (all.length === 1) return all[0]!;
  // KMS makes the data key when there is one; otherwise the first recipient does.
  return mode === 'encrypt' ? new MultiKeyring({ generator: all[0]!, children: all.slice(1) }) : new MultiKeyring({ children: all });
}
