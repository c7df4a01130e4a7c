/**
 * `envelope keygen rsa`: an escrow key pair, PREFIX.pem (mode 0600) and PREFIX.pub.pem. Each file
 * is written as a new temporary file and renamed into place, so `--force` over an existing 0644
 * file or a symlink never leaves the private key readable by others or written through the link.
 */
import { createPublicKey } from 'node:crypto';
import { generateRsaKeyPair } from '@envelope/keyring-raw-rsa';
import { recipientKeyName } from '../keyring_flags.js';
import { UsageError } from '../exit_codes.js';
import { checkOutput, writeFileAtomic } from '../io.js';
import { canPrompt, readPassphrase } from '../prompt.js';

/** Flags of `keygen`. */
export interface KeygenFlags {
  bits?: string;
  output?: string;
  out?: string;
  force?: boolean;
  passphraseEnv?: string;
  /** false with --no-passphrase */
  passphrase?: boolean;
}

async function passphraseOf(f: KeygenFlags, file: string): Promise<string | undefined> {
  if (f.passphraseEnv) {
    const p = process.env[f.passphraseEnv];
    if (p === undefined || p === '') throw new UsageError(`--passphrase-env: environment variable ${f.passphraseEnv} is not set or empty`);
    return p;
  }
  if (f.passphrase === false || !canPrompt(false)) return undefined;
  const first = await readPassphrase(`Passphrase for ${file} (empty for none): `, { stdinIsData: false });
  if (!first) return undefined;
  const again = await readPassphrase('Same passphrase again: ', { stdinIsData: false });
  if (again !== first) throw new UsageError('the passphrases differ');
  return first;
}

export async function keygenCommand(kind: string, f: KeygenFlags): Promise<void> {
  if (kind !== 'rsa') throw new UsageError(`keygen supports rsa, not ${JSON.stringify(kind)}`);
  const bits = Number(f.bits ?? 4096);
  if (!Number.isInteger(bits) || bits < 2048 || bits > 16384) throw new UsageError('--bits must be an integer from 2048 to 16384');
  if (f.output && f.out && f.output !== f.out) throw new UsageError('give -o/--output once (--out is its old name)');
  const prefix = f.output ?? f.out;
  if (!prefix || prefix === '-') throw new UsageError('keygen rsa needs -o PREFIX (writes PREFIX.pem and PREFIX.pub.pem)');
  const priv = `${prefix}.pem`;
  const pub = `${prefix}.pub.pem`;
  for (const p of [priv, pub]) checkOutput(p, f.force === true);
  const passphrase = await passphraseOf(f, priv);
  const { publicKeyPem, privateKeyPem } = await generateRsaKeyPair({ bits, ...(passphrase !== undefined ? { passphrase } : {}) });
  await writeFileAtomic(priv, privateKeyPem, 0o600, f.force === true);
  await writeFileAtomic(pub, publicKeyPem, 0o644, f.force === true);
  const enc = passphrase !== undefined ? ', encrypted with the passphrase' : '';
  const fingerprint = recipientKeyName(createPublicKey(publicKeyPem));
  process.stderr.write(`envelope: wrote ${priv} (private, mode 0600${enc}: store it offline) and ${pub} (public, for encryption); fingerprint ${fingerprint}, as inspect shows it\n`);
}
