/**
 * The config `envelope kms-local create-key --write-config FILE` writes: kms-local's endpoints and
 * credentials, the key just made in every region, and with `--escrow PUB.pem` an RSA escrow key
 * named as `-r` names it (namespace `envelope-rsa`, key name its `sha256:` fingerprint), so
 * `decrypt --identity` with the private half opens what the config encrypts.
 */
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../exit_codes.js';
import { writeFileAtomic } from '../io.js';
import { RECIPIENT_NAMESPACE, RECIPIENT_PADDING, recipientKeyName } from '../keyring_flags.js';

/** What the config is made from. */
export interface KmsLocalConfigInput {
  readonly regions: readonly string[];
  readonly port: number;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly alias: string | undefined;
  /** region → key ARN, as create-key made them. */
  readonly arns: Readonly<Record<string, string>>;
  /** Path of an RSA public key (as given on the command line). */
  readonly escrow: string | undefined;
}

function escrowEntry(file: string, configFile: string): object {
  let pem: string;
  try {
    pem = readFileSync(file, 'latin1');
  } catch (e) {
    throw new UsageError(`--escrow ${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { cause: e });
  }
  let keyName: string;
  try {
    keyName = recipientKeyName(createPublicKey(pem));
  } catch (e) {
    throw new UsageError(`--escrow ${file}: not an RSA public key in PEM (keygen writes one as PREFIX.pub.pem)`, { cause: e });
  }
  if (pem.includes('PRIVATE KEY')) throw new UsageError(`--escrow ${file} holds a private key; give the public key (PREFIX.pub.pem)`);
  // Paths in a config are relative to the config file.
  const publicKey = path.relative(path.dirname(path.resolve(configFile)), path.resolve(file));
  return { type: 'raw-rsa', keyNamespace: RECIPIENT_NAMESPACE, keyName, publicKey, padding: RECIPIENT_PADDING };
}

/** The config, as an object ready for JSON. */
export function kmsLocalConfig(c: KmsLocalConfigInput, configFile: string): object {
  const endpoints = Object.fromEntries(c.regions.map((region, i) => [region, `http://127.0.0.1:${c.port + i}`]));
  const arns = c.regions.map((r) => c.arns[r]!);
  const kms = c.alias
    ? { type: 'aws-kms', keyId: c.alias, regions: [...c.regions] }
    : { type: 'aws-kms', generatorKeyId: arns[0], ...(arns.length > 1 ? { keyIds: arns.slice(1) } : {}) };
  const keyring = c.escrow ? { type: 'multi', generator: kms, children: [escrowEntry(c.escrow, configFile)] } : kms;
  return {
    localRegion: c.regions[0],
    kms: { endpoints, credentials: { accessKeyId: c.credentials.accessKeyId, secretAccessKey: c.credentials.secretAccessKey } },
    keyring,
  };
}

/** Checks --escrow before any key is made, so a bad file costs nothing. */
export function checkEscrow(file: string | undefined, configFile: string | undefined): void {
  if (file === undefined) return;
  if (configFile === undefined) throw new UsageError('--escrow goes with --write-config FILE');
  escrowEntry(file, configFile);
}

/** Writes the config (mode 0600: it holds kms-local's credentials); refuses an existing file without --force. */
export async function writeKmsLocalConfig(c: KmsLocalConfigInput, file: string, force: boolean): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(kmsLocalConfig(c, file), null, 2)}\n`, 0o600, force);
}
