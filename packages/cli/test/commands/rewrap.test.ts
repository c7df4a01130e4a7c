// Issue 16 through the built `envelope` bin, on kms-local (3 regions, one multi-region key behind
// alias/app): A = 2 regions + escrow1, B = 3 regions + escrow2.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateRsaKeyPair } from '@envelope/client';
import { createMultiRegionKey, startKmsLocal, type KmsLocal } from '@envelope/kms-local';
import { runAsync } from '../helpers.js';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
let local: KmsLocal;
let dir: string;
const file = (name: string): string => path.join(dir, name);
const envelope = (...args: string[]) => runAsync(dir, args);

const escrow = (n: 1 | 2, publicKey = true) => ({
  type: 'raw-rsa', keyNamespace: 'escrow', keyName: `escrow${n}`,
  ...(publicKey ? { publicKey: `escrow${n}.pub.pem` } : {}), privateKey: `escrow${n}.pem`, padding: 'oaep-sha256',
});
const config = (regions: string[], n: 1 | 2, extra: object = {}) => ({
  localRegion: 'us-east-1',
  kms: { endpoints: local.endpoints, credentials: local.credentials, timeoutMs: 1000 },
  keyring: { type: 'multi', generator: { type: 'aws-kms', keyId: 'alias/app', regions, ...extra }, children: [escrow(n)] },
});
const json = (name: string, value: object): void => writeFileSync(file(name), JSON.stringify(value, null, 2));

/** Fault injection the way an operator does it: POST /__admin/fault on the region's endpoint. */
async function fault(region: string, mode: 'none' | 'down'): Promise<void> {
  const r = await fetch(`${local.endpoints[region]}/__admin/fault`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode }) });
  expect(r.status).toBeLessThan(300);
}

/** `inspect --json`: the EDKs as "provider key-or-region". */
async function keysOf(name: string): Promise<string[]> {
  const r = await envelope('inspect', '-i', name, '--json');
  expect(r.status, r.stderr).toBe(0);
  const h = JSON.parse(r.stdout.toString()) as { encryptedDataKeys: { providerId: string; keyId: string; region?: string }[] };
  return h.encryptedDataKeys.map((k) => `${k.providerId} ${k.region ?? k.keyId}`);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'envelope-cli-rewrap-'));
  local = await startKmsLocal({ regions: REGIONS });
  await createMultiRegionKey(local, { primaryRegion: 'us-east-1', replicaRegions: ['eu-west-1', 'ap-southeast-2'], alias: 'alias/app' });
  for (const n of [1, 2]) {
    const { publicKeyPem, privateKeyPem } = await generateRsaKeyPair({ bits: 2048 });
    writeFileSync(file(`escrow${n}.pub.pem`), publicKeyPem);
    writeFileSync(file(`escrow${n}.pem`), privateKeyPem, { mode: 0o600 });
  }
  json('A.json', config(['us-east-1', 'eu-west-1'], 1));
  json('A-min1.json', config(['us-east-1', 'eu-west-1'], 1, { minKeys: 1 }));
  json('B.json', config(REGIONS, 2));
  json('escrow2.json', { keyring: escrow(2, false) });
  writeFileSync(file('data.bin'), randomBytes(300_000));
}, 120_000);
afterAll(async () => {
  await local?.close();
});
beforeEach(async () => {
  for (const r of REGIONS) await fault(r, 'none');
});

describe('envelope rewrap', () => {
  it('encrypt with A, rewrap A → B, decrypt with escrow2 alone: the same file', async () => {
    expect((await envelope('encrypt', '--config', 'A.json', '-i', 'data.bin', '-o', 'a.env')).status).toBe(0);
    const r = await envelope('rewrap', '--config', 'A.json', '--to', 'B.json', '-i', 'a.env', '-o', 'b.env', '--json');
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stderr.trim().split('\n').pop()!) as { ok: boolean; decryptedBy: { providerId: string; region?: string }; keys: { providerId: string; keyId: string; region?: string }[] };
    expect(report.ok).toBe(true);
    expect(report.decryptedBy).toMatchObject({ providerId: 'aws-kms', region: 'us-east-1' });
    expect(report.keys.map((k) => k.region ?? k.keyId)).toEqual([...REGIONS, 'escrow2']);
    expect(await keysOf('b.env')).toEqual(['aws-kms us-east-1', 'aws-kms eu-west-1', 'aws-kms ap-southeast-2', 'escrow escrow2']);
    const d = await envelope('decrypt', '--config', 'escrow2.json', '-i', 'b.env', '-o', 'b.bin');
    expect(d.status, d.stderr).toBe(0);
    expect(readFileSync(file('b.bin')).equals(readFileSync(file('data.bin')))).toBe(true);
    // An existing output is not overwritten without --force.
    expect((await envelope('rewrap', '--config', 'A.json', '--to', 'B.json', '-i', 'a.env', '-o', 'b.env')).status).toBe(2);
  }, 120_000);

  it('a message written with minKeys 1 while eu-west-1 was down gains its key back with rewrap --config A.json', async () => {
    await fault('eu-west-1', 'down');
    const e = await envelope('encrypt', '--config', 'A-min1.json', '-i', 'data.bin', '-o', 'degraded.env');
    expect(e.status, e.stderr).toBe(0);
    // The skipped key is named, with its region, on stderr (and in --json).
    expect(e.stderr).toMatch(/warning: degraded\.env lacks key arn:aws:kms:eu-west-1:\S+ in eu-west-1 \(skipped: /);
    const j = await envelope('encrypt', '--config', 'A-min1.json', '-i', 'data.bin', '-o', 'degraded2.env', '--json');
    expect(j.status, j.stderr).toBe(0);
    const report = JSON.parse(j.stderr.trim().split('\n').pop()!) as { keys: { region?: string }[]; skippedKeys: { keyId: string; region?: string; reason?: string }[] };
    expect(report.keys.map((k) => k.region ?? 'escrow')).toEqual(['us-east-1', 'escrow']);
    expect(report.skippedKeys).toEqual([expect.objectContaining({ region: 'eu-west-1', keyId: expect.stringContaining(':eu-west-1:') })]);
    expect(await keysOf('degraded.env')).toEqual(['aws-kms us-east-1', 'escrow escrow1']);
    await fault('eu-west-1', 'none');
    const r = await envelope('rewrap', '--config', 'A.json', '--in-place', 'degraded.env');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('rewrapped 1 of 1 file');
    expect(await keysOf('degraded.env')).toEqual(['aws-kms us-east-1', 'aws-kms eu-west-1', 'escrow escrow1']);
    const d = await envelope('decrypt', '--config', 'A.json', '-i', 'degraded.env', '-o', 'degraded.bin');
    expect(d.status, d.stderr).toBe(0);
    expect(readFileSync(file('degraded.bin')).equals(readFileSync(file('data.bin')))).toBe(true);
  }, 120_000);

  it('a repair run while a region is still down would drop its key: exit 1, the file byte-identical, the key and region named; --allow-fewer-keys lets it through with a warning', async () => {
    expect((await envelope('encrypt', '--config', 'A.json', '-i', 'data.bin', '-o', 'full.env')).status).toBe(0);
    const before = readFileSync(file('full.env'));
    await fault('eu-west-1', 'down');
    const r = await envelope('rewrap', '--config', 'A-min1.json', '--in-place', 'full.env');
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/full\.env: rewrap: the new message would have 2 key\(s\) where the old one has 3; skipped: arn:aws:kms:eu-west-1:\S+ \(eu-west-1\).*--allow-fewer-keys/);
    expect(r.stderr).toContain('rewrapped 0 of 1 file; failed: full.env (left as they were)');
    expect(readFileSync(file('full.env')).equals(before)).toBe(true);
    const one = await envelope('rewrap', '--config', 'A-min1.json', '-i', 'full.env', '-o', 'fewer.env', '--json');
    expect(one.status).toBe(1);
    const report = JSON.parse(one.stderr.split('\n').find((l) => l.startsWith('{'))!) as { ok: boolean; skippedKeys: { region?: string }[] };
    expect(report.ok).toBe(false);
    expect(report.skippedKeys).toEqual([expect.objectContaining({ region: 'eu-west-1' })]);
    expect(existsSync(file('fewer.env'))).toBe(false);
    // TO without that region but as many keys (two escrows): refused too, naming the region.
    json('one-region.json', { ...config(['us-east-1'], 1), keyring: { type: 'multi', generator: { type: 'aws-kms', keyId: 'alias/app', regions: ['us-east-1'] }, children: [escrow(1), escrow(2)] } });
    const moved = await envelope('rewrap', '--config', 'A.json', '--to', 'one-region.json', '-i', 'full.env', '-o', 'moved.env');
    expect(moved.status, moved.stderr).toBe(1);
    expect(moved.stderr).toMatch(/the new message would have no key in region eu-west-1; nothing was written \(--allow-fewer-keys accepts it\)/);
    expect(existsSync(file('moved.env'))).toBe(false);
    const ok = await envelope('rewrap', '--config', 'A-min1.json', '--in-place', 'full.env', '--allow-fewer-keys');
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stderr).toMatch(/warning: full\.env lacks key arn:aws:kms:eu-west-1:\S+ in eu-west-1/);
    expect(await keysOf('full.env')).toEqual(['aws-kms us-east-1', 'escrow escrow1']);
  }, 120_000);

  it('a tampered message: exit 1 and no output file', async () => {
    expect((await envelope('encrypt', '--config', 'A.json', '-i', 'data.bin', '-o', 't.env')).status).toBe(0);
    const bad = readFileSync(file('t.env'));
    bad[bad.length - 1000]! ^= 1;
    writeFileSync(file('t-bad.env'), bad);
    const r = await envelope('rewrap', '--config', 'A.json', '--to', 'B.json', '-i', 't-bad.env', '-o', 't-new.env');
    expect(r.status).toBe(1);
    expect(existsSync(file('t-new.env'))).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes('envelope-tmp'))).toEqual([]);
  }, 120_000);

  it('--in-place over several files: the good ones rewrapped, a tampered one left as it was, a summary and a non-zero exit', async () => {
    for (const n of ['p1.env', 'p2.env']) expect((await envelope('encrypt', '--config', 'A.json', '-i', 'data.bin', '-o', n)).status).toBe(0);
    const bad = readFileSync(file('p1.env'));
    bad[bad.length - 2000]! ^= 1;
    writeFileSync(file('p-bad.env'), bad);
    const r = await envelope('rewrap', '--config', 'A.json', '--to', 'B.json', '--json', '--in-place', 'p1.env', 'p-bad.env', 'p2.env');
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    const reports = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { file: string; ok: boolean; exitCode?: number });
    expect(reports.map((x) => [x.file, x.ok])).toEqual([['p1.env', true], ['p-bad.env', false], ['p2.env', true]]);
    expect(reports[1]!.exitCode).toBe(1);
    expect(lines.pop()).toContain('rewrapped 2 of 3 files; failed: p-bad.env');
    expect(await keysOf('p1.env')).toContain('escrow escrow2');
    expect(await keysOf('p2.env')).toContain('escrow escrow2');
    expect(readFileSync(file('p-bad.env')).equals(bad)).toBe(true);
    expect(readdirSync(dir).filter((n) => n.includes('envelope-tmp'))).toEqual([]);
  }, 120_000);

  it('usage: no config is exit 2; --in-place with -o is exit 2', async () => {
    expect((await envelope('rewrap', '-i', 'a.env', '-o', 'x.env')).status).toBe(2);
    expect((await envelope('rewrap', '--config', 'A.json', '-o', 'x.env', '--in-place', 'a.env')).status).toBe(2);
  }, 60_000);
});
