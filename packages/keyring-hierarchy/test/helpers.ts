// kms-local (KMS and DynamoDB on one endpoint per region), a KMS key, and stores over it, for the
// tests of this package. Everything goes through the real AWS SDK clients over HTTP.
import { request } from 'node:http';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { createMultiRegionKey, startKmsLocal, type KmsLocal } from '@envelope/kms-local';
import { BranchKeyStore, type BranchKeyStoreOptions } from '../src/index.js';

export interface Fixture {
  readonly local: KmsLocal;
  /** A single-region key in the first region. */
  readonly arn: string;
  /** A multi-region key: region → ARN. */
  readonly mrk: Record<string, string>;
  store(o?: Partial<BranchKeyStoreOptions>): BranchKeyStore;
  /** Requests of `operation` since the last clear, every region. */
  count(operation: string): number;
  /** Requests of `operation` since the last clear, every region, read over HTTP from GET /__admin/requests. */
  logged(operation?: string): Promise<{ region: string; operation: string }[]>;
  /** POST /__admin/fault to one region. */
  fault(region: string, mode: 'none' | 'down' | 'hang'): Promise<void>;
  close(): Promise<void>;
}

/** One admin request on a fresh connection (no keep-alive socket the server may have closed). */
function admin(url: string, method: 'GET' | 'POST', body?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false, headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks).toString()) : reject(new Error(`${method} ${url}: ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

let tables = 0;
/** A fresh table name per call, so tests do not see each other's keys. */
export const tableName = (): string => `branch-keys-${process.pid}-${++tables}`;

export async function fixture(regions: readonly string[], replicaDelayMs = 20): Promise<Fixture> {
  const local = await startKmsLocal({ regions, replicaDelayMs });
  const kms = new KMSClient({ region: regions[0]!, endpoint: local.endpoints[regions[0]!], credentials: local.credentials });
  const arn = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
  kms.destroy();
  const mrk = regions.length > 1 ? (await createMultiRegionKey(local, { primaryRegion: regions[0]!, replicaRegions: regions.slice(1) })).arns : { [regions[0]!]: arn };
  const stores: BranchKeyStore[] = [];
  return {
    local,
    arn,
    mrk,
    store(o = {}) {
      const s = new BranchKeyStore({ tableName: 'branch-keys', kmsKeyArn: arn, endpoints: local.endpoints, credentials: local.credentials, localRegion: regions[0]!, timeoutMs: 1500, ...o });
      stores.push(s);
      return s;
    },
    count: (operation) => local.requests().filter((r) => r.operation === operation).length,
    async logged(operation) {
      const all: { region: string; operation: string }[] = [];
      for (const region of regions) {
        all.push(...(JSON.parse(await admin(`${local.endpoints[region]}/__admin/requests`, 'GET')) as { region: string; operation: string }[]));
      }
      return operation === undefined ? all : all.filter((r) => r.operation === operation);
    },
    async fault(region, mode) {
      await admin(`${local.endpoints[region]}/__admin/fault`, 'POST', JSON.stringify({ mode }));
    },
    async close() {
      for (const s of stores) s.destroy();
      await local.close();
    },
  };
}
