// Issue 20 acceptance, through config files: kms-local (one region), five RSA-2048 custodian keys,
// threshold 3. A message written by { KMS generator, threshold 3-of-5 } opens with any 3 custodians'
// private keys (the others public only, no KMS in the config) and not with any 2.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, NoKeyDecryptedError, decrypt, encrypt } from '@envelope/core';
import { createMultiRegionKey, startKmsLocal, type KmsLocal } from '@envelope/kms-local';
import { generateRsaKeyPair } from '@envelope/keyring-raw-rsa';
import { keyringFromConfig } from '@envelope/registry';

const N = 5;
let local: KmsLocal;
let dir: string;
let message: Uint8Array;

const custodian = (i: number, withPrivate: boolean) => ({
  type: 'raw-rsa',
  keyNamespace: 'officers',
  keyName: `officer-${i}`,
  publicKey: `officer-${i}.pub.pem`,
  ...(withPrivate ? { privateKey: `officer-${i}.pem` } : {}),
  padding: 'oaep-sha256',
});
const board = (present: readonly number[], threshold: unknown = 3) => ({
  type: 'threshold',
  keyNamespace: 'board',
  keyName: 'board-2026',
  threshold,
  custodians: Array.from({ length: N }, (_, i) => custodian(i, present.includes(i))),
});
/** A recovery config file: the threshold keyring alone, no KMS section. */
const recoveryConfig = (present: readonly number[]): string => {
  const file = path.join(dir, `recover-${present.join('')}.json`);
  writeFileSync(file, JSON.stringify({ keyring: board(present) }));
  return file;
};
const subsets = (size: number, from = 0, acc: number[] = []): number[][] =>
  acc.length === size ? [acc] : Array.from({ length: N - from }, (_, j) => from + j).flatMap((i) => subsets(size, i + 1, [...acc, i]));

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'envelope-threshold-'));
  let pairs: { publicKeyPem: string; privateKeyPem: string }[];
  [local, pairs] = await Promise.all([
    startKmsLocal({ regions: ['us-east-1'] }),
    Promise.all(Array.from({ length: N }, () => generateRsaKeyPair({ bits: 2048 }))),
  ]);
  pairs.forEach((p, i) => {
    writeFileSync(path.join(dir, `officer-${i}.pub.pem`), p.publicKeyPem);
    writeFileSync(path.join(dir, `officer-${i}.pem`), p.privateKeyPem, { mode: 0o600 });
  });
  await createMultiRegionKey(local, { primaryRegion: 'us-east-1', replicaRegions: [], alias: 'alias/app' });
  const encryptConfig = path.join(dir, 'encrypt.json');
  writeFileSync(
    encryptConfig,
    JSON.stringify({
      localRegion: 'us-east-1',
      kms: { endpoints: local.endpoints, credentials: local.credentials },
      keyring: { type: 'multi', generator: { type: 'aws-kms', keyId: 'alias/app', regions: ['us-east-1'] }, children: [board([])] },
    }),
  );
  const r = await encrypt(await keyringFromConfig(encryptConfig), 'three of five', { encryptionContext: { app: 'threshold' } });
  expect(r.header.encryptedDataKeys.map((e) => e.providerId)).toEqual(['aws-kms', 'board', 'board', 'board', 'board', 'board']);
  message = r.ciphertext;
}, 120_000);
afterAll(async () => {
  await local?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('threshold config (issue 20 acceptance)', () => {
  it('each of the 10 subsets of 3 custodians decrypts it from a config without KMS', async () => {
    const before = local.requests().length;
    expect(subsets(3)).toHaveLength(10);
    for (const present of subsets(3)) {
      const out = await decrypt(await keyringFromConfig(recoveryConfig(present)), message);
      expect(Buffer.from(out.plaintext).toString(), `custodians ${present.join(',')}`).toBe('three of five');
      expect(out.decryptedBy).toEqual({ providerId: 'board', keyId: 'board/board-2026' });
    }
    expect(local.requests().length).toBe(before); // KMS was never asked
  });

  it('each of the 10 subsets of 2 fails with NoKeyDecryptedError saying 2 of the 3 needed', async () => {
    expect(subsets(2)).toHaveLength(10);
    for (const present of subsets(2)) {
      const err = await decrypt(await keyringFromConfig(recoveryConfig(present)), message).catch((e: unknown) => e);
      expect(err, `custodians ${present.join(',')}`).toBeInstanceOf(NoKeyDecryptedError);
      expect((err as Error).message).toContain('opened 2 of the 3 shares needed (5 custodians)');
    }
  });

  it('threshold 6 of 5, or 1, is a ConfigError naming the path', async () => {
    for (const threshold of [6, 1]) {
      const config = { keyring: { type: 'multi', children: [{ type: 'raw-aes', keyNamespace: 'a', keyName: 'a', key: `base64:${Buffer.alloc(32).toString('base64')}` }, board([0, 1, 2], threshold)] } };
      const err = await keyringFromConfig(config, { baseDir: dir }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).path).toBe('keyring.children[1].threshold');
      expect((err as Error).message).toContain(`from 2 to 5 (the number of custodians), got ${threshold}`);
    }
  });

  it('a custodian config error names the custodian path', async () => {
    const bad = board([0]);
    (bad.custodians[3] as Record<string, unknown>)['padding'] = 'oaep-md5';
    const err = await keyringFromConfig({ keyring: bad }, { baseDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).path).toBe('keyring.custodians[3].padding');
  });
});
