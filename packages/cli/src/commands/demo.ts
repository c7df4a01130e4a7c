/**
 * `envelope demo`: why Envelope exists, in under a minute, on kms-local. Encrypts a generated file
 * under a multi-region KMS key (3 regions) plus an RSA-4096 escrow key, then decrypts it normally,
 * with the local region down, and with every region down, checking SHA-256 each time.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, writeFileSync, createWriteStream, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { startKmsLocal, createMultiRegionKey, type KmsLocal } from '@envelope/kms-local';
import { generateRsaKeyPair } from '@envelope/client';
import { decryptCommand, encryptCommand, type DecryptReport } from './crypt.js';
import { inspectCommand } from './inspect.js';
import { exitCodeOf } from '../exit_codes.js';
import { printSafe } from '../terminal_text.js';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const say = (s = ''): void => void process.stdout.write(`${s}\n`);
// Bold titles only on a terminal that takes styles: piped or logged output stays plain text.
const styled = process.stdout.isTTY === true && !process.env['NO_COLOR'] && process.env['TERM'] !== 'dumb';
const step = (s: string): void => say(styled ? `\n\x1b[1m▶ ${s}\x1b[0m` : `\n▶ ${s}`);

/**
 * The two configs of the demo, complete as they are written to disk (paths relative to them):
 * the application's (KMS alias in every region + the escrow public key: no private key on the
 * servers) and the escrow holder's offline recovery config (the private key, no KMS at all).
 */
export function demoConfigs(local: { readonly endpoints: Readonly<Record<string, string>>; readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string } }, regions: readonly string[] = REGIONS): { app: object; recovery: object } {
  const escrow = { type: 'raw-rsa', keyNamespace: 'escrow', keyName: 'escrow-demo', padding: 'oaep-sha256' };
  return {
    app: {
      localRegion: regions[0],
      kms: { endpoints: { ...local.endpoints }, credentials: { accessKeyId: local.credentials.accessKeyId, secretAccessKey: local.credentials.secretAccessKey }, timeoutMs: 1000 },
      keyring: {
        type: 'multi',
        generator: { type: 'aws-kms', keyId: 'alias/envelope-demo', regions: [...regions] },
        children: [{ ...escrow, publicKey: 'escrow.pub.pem' }],
      },
    },
    recovery: { keyring: { ...escrow, privateKey: 'escrow.pem' } },
  };
}

async function sha256(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(file)) h.update(c as Buffer);
  return h.digest('hex');
}

/** What the steps of the demo share. */
interface Demo {
  readonly local: KmsLocal;
  readonly dir: string;
  readonly cfg: string;
  readonly recoveryCfg: string;
  readonly enc: string;
  readonly out: string;
  readonly original: string;
}

async function makeKeys(local: KmsLocal, dir: string): Promise<void> {
  step(`kms-local: one KMS endpoint per region (${REGIONS.join(', ')})`);
  for (const r of REGIONS) say(`  ${r.padEnd(15)} ${local.endpoints[r]}`);
  say(`  (from a shell, against kms-local start --port 4566: envelope kms-local create-key --port 4566 --regions ${REGIONS.join(',')} --multi-region --alias envelope-demo)`);
  const key = await createMultiRegionKey(local, { primaryRegion: REGIONS[0]!, replicaRegions: REGIONS.slice(1), alias: 'alias/envelope-demo' });
  say(`  multi-region key ${key.keyId}, replicated to ${REGIONS.length - 1} regions, alias/envelope-demo in each`);
  step('escrow: an RSA-4096 key pair (the private half lives offline)');
  say('  $ envelope keygen rsa --bits 4096 -o escrow');
  const { publicKeyPem, privateKeyPem } = await generateRsaKeyPair({ bits: 4096 });
  writeFileSync(path.join(dir, 'escrow.pub.pem'), publicKeyPem);
  writeFileSync(path.join(dir, 'escrow.pem'), privateKeyPem, { mode: 0o600 });
}

/** Writes and shows the two configs; returns their paths. */
function writeConfigs(local: KmsLocal, dir: string): { cfg: string; recoveryCfg: string } {
  const { app, recovery } = demoConfigs(local);
  const cfg = path.join(dir, 'envelope.json');
  const recoveryCfg = path.join(dir, 'recovery.json');
  writeFileSync(cfg, `${JSON.stringify(app, null, 2)}\n`);
  writeFileSync(recoveryCfg, `${JSON.stringify(recovery, null, 2)}\n`);
  step("envelope.json, the application's config: the KMS alias in 3 regions + the escrow public key");
  say(JSON.stringify(app, null, 2).replace(/^/gm, '  '));
  step("recovery.json, the escrow holder's config: the escrow private key, no KMS");
  say(JSON.stringify(recovery, null, 2).replace(/^/gm, '  '));
  return { cfg, recoveryCfg };
}

async function encryptStep(d: Omit<Demo, 'original'>, mb: number): Promise<string> {
  const original = await writeRandomFile(path.join(d.dir, 'data.bin'), mb);
  step(`encrypt a ${mb} MB file`);
  say('  $ envelope encrypt --config envelope.json -i data.bin -o data.bin.envelope -c purpose=demo');
  const t = Date.now();
  await encryptCommand({ config: d.cfg, input: path.join(d.dir, 'data.bin'), output: d.enc, context: ['purpose=demo'] });
  say(`  ${(statSync(d.enc).size / 1e6).toFixed(1)} MB written in ${Date.now() - t} ms`);
  step('inspect: the header names every key that can open the data key');
  say('  $ envelope inspect -i data.bin.envelope');
  await inspectCommand({ input: d.enc });
  return original;
}

async function decryptOnce(d: Demo, title: string, config: string, shown: string): Promise<void> {
  step(title);
  say(`  $ envelope decrypt --config ${shown} -i data.bin.envelope -o data.out`);
  let report: DecryptReport = { tried: [] };
  const t = Date.now();
  await decryptCommand({ config, input: d.enc, output: d.out, force: true }, (r) => (report = r));
  const ms = Date.now() - t;
  const ok = (await sha256(d.out)) === d.original;
  say(`  opened by ${report.providerId} ${report.keyId}${report.region ? ` in ${report.region}` : ''}, ${ms} ms`);
  for (const a of report.tried) say(`  tried first: ${a.keyId}${a.region ? ` (${a.region})` : ''}: ${a.reason ?? 'failed'}`);
  say(`  SHA-256 ${ok ? 'matches the original ✔' : 'DOES NOT MATCH ✘'}`);
  if (!ok) throw new Error('demo: decrypted data differs from the original');
}

async function decryptSteps(d: Demo): Promise<void> {
  await decryptOnce(d, 'decrypt: every region healthy (the local region answers)', d.cfg, 'envelope.json');
  d.local.setFault(REGIONS[0]!, { mode: 'down' });
  await decryptOnce(d, `decrypt: ${REGIONS[0]} is down (another region answers)`, d.cfg, 'envelope.json');
  for (const r of REGIONS) d.local.setFault(r, { mode: 'down' });
  step('decrypt: every KMS region is down: the application cannot decrypt (no private key on its servers)');
  say('  $ envelope decrypt --config envelope.json -i data.bin.envelope -o data.out');
  const failed = await decryptCommand({ config: d.cfg, input: d.enc, output: d.out, force: true }, () => undefined).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (failed === undefined) throw new Error('demo: the application decrypted with every KMS region down');
  say(`  exit ${exitCodeOf(failed)}: ${printSafe((failed as Error).message).split('\n').slice(0, 5).join('\n  ')}`);
  await decryptOnce(d, 'offline recovery: the escrow holder opens it with the private key alone', d.recoveryCfg, 'recovery.json');
}

function withRealAws(): void {
  step('the same with real AWS KMS (docs/guide.md § 6 has the whole recipe and the IAM policy)');
  say('  aws kms create-key --multi-region            # then replicate-key to each region and create-alias alias/app in each');
  say('  envelope keygen rsa --bits 4096 -o escrow    # keep escrow.pem offline');
  say('  envelope encrypt --kms alias/app --regions us-east-1,eu-west-1,ap-southeast-2 -r escrow.pub.pem -i data.bin -o data.bin.envelope');
  say('  envelope decrypt --kms alias/app --regions us-east-1,eu-west-1,ap-southeast-2 -i data.bin.envelope -o data.out');
  say('  envelope decrypt --identity escrow.pem -i data.bin.envelope -o data.out    # offline: the escrow key alone');
  say('  # or envelope.json without "kms.endpoints" and "kms.credentials" (the AWS SDK default chain applies)');
}

export async function demoCommand(): Promise<void> {
  const mb = Number(process.env['ENVELOPE_DEMO_MB'] ?? 100);
  const dir = mkdtempSync(path.join(tmpdir(), 'envelope-demo-'));
  const t0 = Date.now();
  const local = await startKmsLocal({ regions: REGIONS, stateDir: path.join(dir, 'kms-state') });
  try {
    await makeKeys(local, dir);
    const paths = { local, dir, ...writeConfigs(local, dir), enc: path.join(dir, 'data.bin.envelope'), out: path.join(dir, 'data.out') };
    const original = await encryptStep(paths, mb);
    await decryptSteps({ ...paths, original });
    withRealAws();
    say(`\ndemo finished in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    await local.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes `mb` MiB of random bytes to `file`; resolves with their SHA-256. */
async function writeRandomFile(file: string, mb: number): Promise<string> {
  const w = createWriteStream(file);
  const h = createHash('sha256');
  for (let i = 0; i < mb; i++) {
    const chunk = randomBytes(1024 * 1024);
    h.update(chunk);
    if (!w.write(chunk)) await once(w, 'drain');
  }
  w.end();
  await once(w, 'finish');
  return h.digest('hex');
}
