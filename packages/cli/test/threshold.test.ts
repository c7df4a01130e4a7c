// Issue 20 through the built `envelope` bin: the guide's custodian procedure (five `keygen rsa`
// keys), a message written by { KMS generator (kms-local, one region), threshold 3-of-5 }, `inspect`
// showing the shares as "3 of 5 custodians", and recovery with 3 custodians (exit 0) or 2 (exit 3).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMultiRegionKey, startKmsLocal, type KmsLocal } from '@envelope/kms-local';

const here = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.resolve(here, '..', 'bin', 'envelope.js');
const N = 5;
let dir: string;
let local: KmsLocal;

/** Runs the bin without blocking this process, which serves kms-local. */
const envelope = (args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
const custodian = (i: number, withPrivate: boolean) => ({
  type: 'raw-rsa',
  keyNamespace: 'officers',
  keyName: `officer-${i}`,
  publicKey: `officer-${i}.pub.pem`,
  ...(withPrivate ? { privateKey: `officer-${i}.pem` } : {}),
  padding: 'oaep-sha256',
});
const board = (present: readonly number[]) => ({
  type: 'threshold',
  keyNamespace: 'board',
  keyName: 'board-2026',
  threshold: 3,
  custodians: Array.from({ length: N }, (_, i) => custodian(i, present.includes(i))),
});
const recovery = (present: readonly number[]): string => {
  const name = `recover-${present.join('')}.json`;
  writeFileSync(path.join(dir, name), JSON.stringify({ keyring: board(present) }));
  return name;
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'envelope-cli-threshold-'));
  // The custodians generate their keys with the CLI (2048 bits to keep the test short), in parallel.
  const keygen = async (i: number) => expect((await envelope(['keygen', 'rsa', '--bits', '2048', '--out', `officer-${i}`])).status).toBe(0);
  [local] = await Promise.all([startKmsLocal({ regions: ['us-east-1'] }), ...Array.from({ length: N }, (_, i) => keygen(i))]);
  await createMultiRegionKey(local, { primaryRegion: 'us-east-1', replicaRegions: [], alias: 'alias/app' });
  writeFileSync(
    path.join(dir, 'encrypt.json'),
    JSON.stringify({
      localRegion: 'us-east-1',
      kms: { endpoints: local.endpoints, credentials: local.credentials },
      keyring: { type: 'multi', generator: { type: 'aws-kms', keyId: 'alias/app', regions: ['us-east-1'] }, children: [board([])] },
    }),
  );
  writeFileSync(path.join(dir, 'plain.txt'), 'minutes of the board');
  const r = await envelope(['encrypt', '--config', 'encrypt.json', '-i', 'plain.txt', '-o', 'minutes.env', '-c', 'app=board']);
  expect(r.status, r.stderr).toBe(0);
}, 180_000);
afterAll(async () => {
  await local?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('envelope with a threshold config', () => {
  it('keygen wrote each custodian a private key of mode 0600 and a public key', () => {
    for (let i = 0; i < N; i++) {
      expect(statSync(path.join(dir, `officer-${i}.pem`)).mode & 0o777).toBe(0o600);
      expect(readFileSync(path.join(dir, `officer-${i}.pub.pem`), 'utf8')).toContain('BEGIN PUBLIC KEY');
    }
  });

  it('inspect shows the share EDKs as "3 of 5 custodians"', async () => {
    const text = await envelope(['inspect', '-i', 'minutes.env']);
    expect(text.status).toBe(0);
    const shares = text.stdout.split('\n').filter((l) => l.includes('3 of 5 custodians'));
    expect(shares).toHaveLength(N);
    expect(shares[2]).toMatch(/^\s+board\s+board-2026: 3 of 5 custodians, share of custodian 2 \(officers officer-2\)$/);
    const json = JSON.parse((await envelope(['inspect', '-i', 'minutes.env', '--json'])).stdout) as { encryptedDataKeys: Record<string, unknown>[] };
    expect(json.encryptedDataKeys[0]).toMatchObject({ providerId: 'aws-kms', region: 'us-east-1' });
    expect(json.encryptedDataKeys[4]).toEqual({ providerId: 'board', keyId: 'board-2026: 3 of 5 custodians, share of custodian 3 (officers officer-3)' });
  });

  it('decrypt with 3 custodians exits 0; with 2 exits 3 and says how many it had', async () => {
    const ok = await envelope(['decrypt', '--config', recovery([0, 2, 4]), '-i', 'minutes.env', '-o', 'minutes.txt', '--json']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(readFileSync(path.join(dir, 'minutes.txt'), 'utf8')).toBe('minutes of the board');
    expect(JSON.parse(ok.stderr.trim().split('\n').at(-1)!)).toMatchObject({ providerId: 'board', keyId: 'board/board-2026' });
    const two = await envelope(['decrypt', '--config', recovery([1, 3]), '-i', 'minutes.env', '-o', 'two.txt']);
    expect(two.status).toBe(3);
    expect(two.stderr).toContain('opened 2 of the 3 shares needed');
    expect(() => statSync(path.join(dir, 'two.txt'))).toThrow();
  });
});
