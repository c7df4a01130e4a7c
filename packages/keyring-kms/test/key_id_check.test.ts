// An Encrypt or GenerateDataKey answer must be for the key asked for (the same ARN for a key ARN;
// the same account and region for an alias). kms-local answers truthfully, so the wrong answers come
// from a real HTTP endpoint between the AWS SDK and kms-local that rewrites the KeyId of answers (a
// misrouted or hostile endpoint); the client is the real @aws-sdk/client-kms, not a mock.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encrypt, decrypt } from '@envelope/core';
import { startKmsLocal, createMultiRegionKey, type KmsLocal, type MultiRegionKey } from '@envelope/kms-local';
import { KmsKeyMismatchError, KmsKeyring, type KmsKeyringOptions } from '@envelope/keyring-kms';

const REGIONS = ['us-east-1', 'eu-west-1'];
let local: KmsLocal;
let app: MultiRegionKey;
let other: MultiRegionKey;
let proxy: Server;
let proxyUrl: string;
/** The KeyId the proxy puts in Encrypt / GenerateDataKey answers (undefined: passes them through). */
let rewrite: string | undefined;

/** Forwards every request to kms-local's us-east-1 endpoint unchanged (signature included) and rewrites answers' KeyId. */
function startProxy(target: string): Promise<Server> {
  const to = new URL(target);
  const server = createServer((req, res) => {
    const body: Buffer[] = [];
    req.on('data', (c: Buffer) => body.push(c));
    req.on('end', () => {
      const up = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        const got: Buffer[] = [];
        answer.on('data', (c: Buffer) => got.push(c));
        answer.on('end', () => {
          let out = Buffer.concat(got);
          const op = String(req.headers['x-amz-target'] ?? '');
          if (rewrite && answer.statusCode === 200 && /\.(Encrypt|GenerateDataKey)$/.test(op)) out = Buffer.from(JSON.stringify({ ...JSON.parse(out.toString()), KeyId: rewrite }));
          res.writeHead(answer.statusCode ?? 500, { ...answer.headers, 'content-length': String(out.length) });
          res.end(out);
        });
      });
      up.end(Buffer.concat(body));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const keyrings: KmsKeyring[] = [];
function keyring(o: Partial<KmsKeyringOptions>): KmsKeyring {
  const k = new KmsKeyring({ endpoints: { ...local.endpoints, 'us-east-1': proxyUrl }, credentials: local.credentials, localRegion: 'us-east-1', timeoutMs: 3000, maxAttempts: 1, ...o } as KmsKeyringOptions);
  keyrings.push(k);
  return k;
}

beforeAll(async () => {
  local = await startKmsLocal({ regions: REGIONS });
  app = await createMultiRegionKey(local, { primaryRegion: 'us-east-1', replicaRegions: ['eu-west-1'], alias: 'alias/app' });
  other = await createMultiRegionKey(local, { primaryRegion: 'us-east-1', replicaRegions: ['eu-west-1'] });
  proxy = await startProxy(local.endpoints['us-east-1']!);
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  for (const k of keyrings) k.destroy();
  await new Promise((r) => proxy.close(r));
  await local.close();
});
beforeEach(() => {
  rewrite = undefined;
});

const aliasArn = (region: string) => `arn:aws:kms:${region}:${local.accountId}:alias/app`;

describe('the KeyId of KMS answers', () => {
  it('control: through the endpoint unchanged, key ARN and alias ARN encrypt and decrypt', async () => {
    for (const generatorKeyId of [app.arns['us-east-1']!, aliasArn('us-east-1')]) {
      const k = keyring({ generatorKeyId, keyIds: [app.arns['eu-west-1']!] });
      const m = await encrypt(k, 'ok');
      expect(m.header.encryptedDataKeys).toHaveLength(2);
      expect(Buffer.from((await decrypt(k, m.ciphertext)).plaintext).toString()).toBe('ok');
    }
  });

  it('GenerateDataKey answered for another key ARN: KmsKeyMismatchError naming both, even under minKeys (it does not count as a key)', async () => {
    rewrite = other.arns['us-east-1'];
    for (const minKeys of [undefined, 1]) {
      const k = keyring({ generatorKeyId: app.arns['us-east-1'], keyIds: [app.arns['eu-west-1']!], ...(minKeys ? { minKeys } : {}) });
      const e = await encrypt(k, 'x').catch((x: unknown) => x);
      expect(e).toBeInstanceOf(KmsKeyMismatchError);
      expect(e).toMatchObject({ code: 'KEYRING_FAILED', requested: app.arns['us-east-1'], returned: other.arns['us-east-1'] });
      expect((e as Error).message).toContain('was answered for another key');
    }
  });

  it('Encrypt (a wrap after the generator) answered for another key: refused the same way', async () => {
    rewrite = other.arns['us-east-1'];
    const k = keyring({ generatorKeyId: app.arns['eu-west-1'], keyIds: [app.arns['us-east-1']!], minKeys: 1 });
    await expect(encrypt(k, 'x')).rejects.toBeInstanceOf(KmsKeyMismatchError);
  });

  it('an alias ARN: an answer in another region or account is refused; another key of the same account and region is what an alias may name', async () => {
    for (const wrong of [app.arns['eu-west-1']!, app.arns['us-east-1']!.replace(local.accountId, '999999999999')]) {
      rewrite = wrong;
      await expect(encrypt(keyring({ generatorKeyId: aliasArn('us-east-1') }), 'x')).rejects.toBeInstanceOf(KmsKeyMismatchError);
    }
    rewrite = other.arns['us-east-1'];
    const m = await encrypt(keyring({ generatorKeyId: aliasArn('us-east-1') }), 'x');
    expect(Buffer.from(m.header.encryptedDataKeys[0]!.providerInfo).toString()).toBe(other.arns['us-east-1']);
  });

  it('an alias name placed in a region: an answer from another region is refused', async () => {
    rewrite = app.arns['eu-west-1'];
    await expect(encrypt(keyring({ generatorKeyId: 'alias/app' }), 'x')).rejects.toBeInstanceOf(KmsKeyMismatchError);
  });
});
