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
import { startKmsLocal, createMultiRegionKey } from '@envelope/kms-local';
import { generateRsaKeyPair } from '@envelope/client';
import { decryptCommand, encryptCommand, type DecryptReport } from './crypt.js';
import { inspectCommand } from './inspect.js';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const say = (s = ''): void => void process.stdout.write(`${s}\n`);
const step = (s: string): void => say(`\n\x1b[1m▶ ${s}\x1b[0m`);

async function sha256(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(file)) h.update(c as Buffer);
  return h.digest('hex');
}

export async function demoCommand(): Promise<void> {
  const mb = Number(process.env['ENVELOPE_DEMO_MB'] ?? 100);
  const dir = mkdtempSync(path.join(tmpdir(), 'envelope-demo-'));
  const t0 = Date.now();
  const local = await startKmsLocal({ regions: REGIONS, stateDir: path.join(dir, 'kms-state') });
  try {
    step(`kms-local: one KMS endpoint per region (${REGIONS.join(', ')})`);
    for (const r of REGIONS) say(`  ${r.padEnd(15)} ${local.endpoints[r]}`);
    const key = await createMultiRegionKey(local, { primaryRegion: REGIONS[0]!, replicaRegions: REGIONS.slice(1), alias: 'alias/envelope-demo' });
    say(`  multi-region key ${key.keyId}, replicated to ${REGIONS.length - 1} regions, alias/envelope-demo in each`);

    step('escrow: an RSA-4096 key pair (the private half would live offline)');
    say('  $ envelope keygen rsa --bits 4096 --out escrow');
    const { publicKeyPem, privateKeyPem } = await generateRsaKeyPair({ bits: 4096 });
    writeFileSync(path.join(dir, 'escrow.pub.pem'), publicKeyPem);
    writeFileSync(path.join(dir, 'escrow.pem'), privateKeyPem, { mode: 0o600 });

    const config = {
      localRegion: REGIONS[0],
      kms: { endpoints: local.endpoints, credentials: local.credentials, timeoutMs: 1000 },
      keyring: {
        type: 'multi',
        generator: { type: 'aws-kms', keyId: 'alias/envelope-demo', regions: REGIONS },
        children: [{ type: 'raw-rsa', keyNamespace: 'escrow', keyName: 'escrow-demo', publicKey: 'escrow.pub.pem', privateKey: 'escrow.pem', padding: 'oaep-sha256' }],
      },
    };
    const cfg = path.join(dir, 'envelope.json');
    writeFileSync(cfg, JSON.stringify(config, null, 2));
    step('config: envelope.json (a multi keyring: KMS alias in 3 regions + escrow)');
    say(JSON.stringify(config.keyring, null, 2).replace(/^/gm, '  '));

    const data = path.join(dir, 'data.bin');
    const enc = path.join(dir, 'data.bin.env');
    const out = path.join(dir, 'data.out');
    const w = createWriteStream(data);
    const h = createHash('sha256');
    for (let i = 0; i < mb; i++) {
      const chunk = randomBytes(1024 * 1024);
      h.update(chunk);
      if (!w.write(chunk)) await once(w, 'drain');
    }
    w.end();
    await once(w, 'finish');
    const original = h.digest('hex');
    step(`encrypt a ${mb} MB file`);
    say('  $ envelope encrypt --config envelope.json -i data.bin -o data.bin.env -c purpose=demo');
    let t = Date.now();
    await encryptCommand({ config: cfg, input: data, output: enc, context: ['purpose=demo'] });
    say(`  ${(statSync(enc).size / 1e6).toFixed(1)} MB written in ${Date.now() - t} ms`);

    step('inspect: the header names every key that can open the data key');
    say('  $ envelope inspect -i data.bin.env');
    await inspectCommand({ input: enc });

    const decryptOnce = async (title: string): Promise<void> => {
      step(title);
      say('  $ envelope decrypt --config envelope.json -i data.bin.env -o data.out');
      let report: DecryptReport = { tried: [] };
      t = Date.now();
      await decryptCommand({ config: cfg, input: enc, output: out, force: true }, (r) => (report = r));
      const ms = Date.now() - t;
      const ok = (await sha256(out)) === original;
      say(`  opened by ${report.providerId} ${report.keyId}${report.region ? ` in ${report.region}` : ''}, ${ms} ms`);
      for (const a of report.tried) say(`  tried first: ${a.keyId}${a.region ? ` (${a.region})` : ''}: ${a.reason ?? 'failed'}`);
      say(`  SHA-256 ${ok ? 'matches the original ✔' : 'DOES NOT MATCH ✘'}`);
      if (!ok) throw new Error('demo: decrypted data differs from the original');
    };
    await decryptOnce('decrypt: every region healthy (the local region answers)');
    local.setFault(REGIONS[0]!, { mode: 'down' });
    await decryptOnce(`decrypt: ${REGIONS[0]} is down (another region answers)`);
    for (const r of REGIONS) local.setFault(r, { mode: 'down' });
    await decryptOnce('decrypt: every KMS region is down (the escrow key answers)');

    step('the same with real AWS KMS');
    say('  aws kms create-key --multi-region            # then replicate-key to each region and create-alias alias/app in each');
    say('  envelope keygen rsa --bits 4096 --out escrow  # keep escrow.pem offline');
    say('  # envelope.json: drop "kms.endpoints" and "kms.credentials" (the AWS SDK default chain applies)');
    say('  envelope encrypt --config envelope.json -i data.bin -o data.bin.env');
    say('  envelope decrypt --config envelope.json -i data.bin.env -o data.bin');
    say(`\ndemo finished in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    await local.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
