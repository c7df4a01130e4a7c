// The hierarchical keyring through kms-local (KMS and DynamoDB over HTTP, real SDK clients on both
// sides): KMS and DynamoDB calls and ops/s for N encrypts, then N decrypts of those messages by a
// fresh (cold) keyring, with Envelope's HierarchicalKeyring, Envelope's KMS keyring alone and behind
// the CachingMaterialsManager, and @aws-crypto/client-node's KmsHierarchicalKeyRingNode, in one run;
// then 100 concurrent encrypts by a cold keyring (single flight). `node bench/hierarchy.mjs [N]` or
// runHierarchyBench() from run.mjs.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient, CreateKeyCommand } from '@aws-sdk/client-kms';
import esdkPkg from '@aws-crypto/client-node';
import { encrypt, decrypt, CachingMaterialsManager, KmsKeyring, HierarchicalKeyring, BranchKeyStore } from '@envelope/client';
import { startKmsLocal } from '@envelope/kms-local';

const { buildClient, CommitmentPolicy, BranchKeyStoreNode, KmsHierarchicalKeyRingNode } = esdkPkg;
const REGION = 'us-east-1';
const TABLE = 'bench-branch-keys';
const SUITE = 0x0478; // committing, unsigned: the figures are about KMS and DynamoDB, not ECDSA
const KMS_OPS = new Set(['Decrypt', 'GenerateDataKey', 'Encrypt', 'ReEncrypt', 'GenerateDataKeyWithoutPlaintext']);
const DDB_OPS = new Set(['GetItem', 'Query', 'PutItem', 'TransactWriteItems']);

async function timed(fn, n) {
  const t0 = performance.now();
  const out = [];
  for (let i = 0; i < n; i++) out.push(await fn(i));
  return { seconds: (performance.now() - t0) / 1000, out };
}

async function setup(local) {
  const client = { region: REGION, endpoint: local.endpoints[REGION], credentials: local.credentials };
  const ddb = new DynamoDBClient(client);
  const kms = new KMSClient(client);
  const arn = (await kms.send(new CreateKeyCommand({}))).KeyMetadata.Arn;
  const store = new BranchKeyStore({ tableName: TABLE, kmsKeyArn: arn, endpoints: local.endpoints, credentials: local.credentials, localRegion: REGION });
  await store.createTable();
  const { branchKeyId } = await store.createKey();
  const esdkStore = new BranchKeyStoreNode({ logicalKeyStoreName: TABLE, storage: { ddbTableName: TABLE, ddbClient: ddb }, keyManagement: { kmsClient: kms }, kmsConfiguration: { identifier: arn } });
  return { ddb, kms, arn, store, branchKeyId, esdkStore };
}

export async function runHierarchyBench({ messages = 10_000 } = {}) {
  const local = await startKmsLocal({ regions: [REGION] });
  const s = await setup(local);
  const kmsKeyring = new KmsKeyring({ generatorKeyId: s.arn, endpoints: local.endpoints, credentials: local.credentials, localRegion: REGION, timeoutMs: 30_000 });
  const esdk = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
  const plaintext = randomBytes(1024);
  const encryptionContext = { app: 'bench' };
  const opts = { encryptionContext, suiteId: SUITE };
  // Each makes a fresh (cold) keyring or manager: one for the encrypts, another for the decrypts.
  const impls = {
    'envelope HierarchicalKeyring': () => {
      const k = new HierarchicalKeyring({ keyStore: s.store, branchKeyId: s.branchKeyId, cacheTtlMs: 600_000 });
      return { enc: () => encrypt(k, plaintext, opts), dec: (c) => decrypt(k, c) };
    },
    'esdk KmsHierarchicalKeyRingNode': () => {
      const k = new KmsHierarchicalKeyRingNode({ branchKeyId: s.branchKeyId, keyStore: s.esdkStore, cacheLimitTtl: 600 });
      return { enc: async () => (await esdk.encrypt(k, plaintext, opts)).result, dec: (c) => esdk.decrypt(k, c) };
    },
    'envelope KmsKeyring': () => ({ enc: () => encrypt(kmsKeyring, plaintext, opts), dec: (c) => decrypt(kmsKeyring, c) }),
    'envelope KmsKeyring + CachingMaterialsManager': () => {
      const m = new CachingMaterialsManager({ source: kmsKeyring, maxAgeMs: 600_000, maxMessagesEncrypted: 1000 });
      return { enc: () => encrypt(m, plaintext, opts), dec: (c) => decrypt(m, c) };
    },
  };
  const count = () => {
    const log = local.requests(REGION);
    return { kms: log.filter((r) => KMS_OPS.has(r.operation)).length, dynamodb: log.filter((r) => DDB_OPS.has(r.operation)).length };
  };
  const rows = [];
  try {
    for (const [name, make] of Object.entries(impls)) {
      const writer = make();
      local.clearRequests();
      const e = await timed(() => writer.enc(), messages);
      rows.push({ name, op: 'encrypt', messages, ...count(), opsPerSecond: messages / e.seconds });
      const cts = e.out.map((r) => r.ciphertext ?? r);
      const reader = make();
      local.clearRequests();
      const d = await timed((i) => reader.dec(cts[i]), messages);
      rows.push({ name, op: 'decrypt', messages, ...count(), opsPerSecond: messages / d.seconds });
    }
    // Single flight: 100 concurrent encrypts by a cold keyring.
    for (const [name, make] of Object.entries(impls).slice(0, 2)) {
      const cold = make();
      local.clearRequests();
      await Promise.all(Array.from({ length: 100 }, () => cold.enc()));
      rows.push({ name, op: '100 concurrent cold encrypts', messages: 100, ...count() });
    }
  } finally {
    kmsKeyring.destroy();
    s.store.destroy();
    s.ddb.destroy();
    s.kms.destroy();
    await local.close();
  }
  return { rows, suite: SUITE };
}

/** One printed line per row. */
export function formatHierarchyRow(r) {
  const ops = r.opsPerSecond === undefined ? '' : `${r.opsPerSecond.toFixed(0).padStart(6)} op/s`;
  return `${`${r.name}, ${r.op === 'encrypt' || r.op === 'decrypt' ? `${r.messages} ${r.op}s` : r.op}`.padEnd(68)} KMS ${String(r.kms).padStart(6)}  DynamoDB ${String(r.dynamodb).padStart(3)}  ${ops}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await runHierarchyBench({ messages: Number(process.argv[2] ?? 10_000) });
  console.log(`hierarchical keyring via kms-local (suite 0x0${r.suite.toString(16)}, 1 KiB; decrypts by a fresh keyring)`);
  for (const row of r.rows) console.log(formatHierarchyRow(row));
}
