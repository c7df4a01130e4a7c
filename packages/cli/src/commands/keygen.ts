/** `envelope keygen rsa`: an escrow key pair, PREFIX.pem (mode 0600) and PREFIX.pub.pem. */
import { writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { generateRsaKeyPair } from '@envelope/client';
import { UsageError } from '../exit_codes.js';

export async function keygenCommand(kind: string, f: { bits?: string; out?: string; force?: boolean }): Promise<void> {
  if (kind !== 'rsa') throw new UsageError(`keygen supports rsa, not ${JSON.stringify(kind)}`);
  const bits = Number(f.bits ?? 4096);
  if (!Number.isInteger(bits) || bits < 2048) throw new UsageError('--bits must be an integer of at least 2048');
  if (!f.out) throw new UsageError('keygen rsa needs --out PREFIX');
  const priv = `${f.out}.pem`;
  const pub = `${f.out}.pub.pem`;
  for (const p of [priv, pub]) if (existsSync(p) && !f.force) throw new UsageError(`${p} exists (use --force to overwrite)`);
  const { publicKeyPem, privateKeyPem } = await generateRsaKeyPair({ bits });
  const flag = f.force ? 'w' : 'wx';
  await writeFile(priv, privateKeyPem, { mode: 0o600, flag });
  await writeFile(pub, publicKeyPem, { mode: 0o644, flag });
  process.stderr.write(`envelope: wrote ${priv} (private, mode 0600: store it offline) and ${pub} (public, for encryption)\n`);
}
