// Data-key caching through kms-local (one region, real KMS clients on both sides): KMS
// GenerateDataKey calls and throughput for N encrypts, sequential and 100-way concurrent, with and
// without a cache, Envelope's CachingMaterialsManager beside @aws-crypto/client-node's
// NodeCachingMaterialsManager. `node bench/cache.mjs [N]` or runCacheBench() from run.mjs.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { KMS } from '@aws-sdk/client-kms';
import esdkPkg from '@aws-crypto/client-node';
import { encrypt, CachingMaterialsManager, KmsKeyring } from '@envelope/client';
import { startKmsLocal, createMultiRegionKey } from '@envelope/kms-local';

const { buildClient, CommitmentPolicy, KmsKeyringNode, NodeCachingMaterialsManager, getLocalCryptographicMaterialsCache } = esdkPkg;
const REGION = 'us-east-1';
const SUITE = 0x0478; // committing, unsigned: the figures are about KMS, not ECDSA
const MAX_MESSAGES = 1000;

/** Runs `n` calls of `fn` with `concurrency` workers; returns seconds taken. */
async function timed(n, concurrency, fn) {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) {
      next++;
      await fn();
    }
  }));
  return (performance.now() - t0) / 1000;
}

export async function runCacheBench({ messages = 10_000 } = {}) {
  const local = await startKmsLocal({ regions: [REGION] });
  const arn = (await createMultiRegionKey(local, { primaryRegion: REGION, replicaRegions: [] })).arns[REGION];
  const ours = new KmsKeyring({ generatorKeyId: arn, endpoints: local.endpoints, credentials: local.credentials, localRegion: REGION, timeoutMs: 30_000 });
  const kms = new KMS({ region: REGION, endpoint: local.endpoints[REGION], credentials: local.credentials, maxAttempts: 1 });
  const theirs = new KmsKeyringNode({ clientProvider: () => kms, generatorKeyId: arn });
  const esdk = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
  const plaintext = randomBytes(1024);
  const encryptionContext = { app: 'bench' };
  const impls = {
    'envelope, no cache': () => { const m = ours; return () => encrypt(m, plaintext, { encryptionContext, suiteId: SUITE }); },
    'envelope, cache': () => {
      const m = new CachingMaterialsManager({ source: ours, maxAgeMs: 600_000, maxMessagesEncrypted: MAX_MESSAGES });
      return () => encrypt(m, plaintext, { encryptionContext, suiteId: SUITE });
    },
    'esdk, no cache': () => () => esdk.encrypt(theirs, plaintext, { encryptionContext, suiteId: SUITE }),
    'esdk, cache': () => {
      const m = new NodeCachingMaterialsManager({ backingMaterials: theirs, cache: getLocalCryptographicMaterialsCache(1000), maxAge: 600_000, maxMessagesEncrypted: MAX_MESSAGES });
      return () => esdk.encrypt(m, plaintext, { encryptionContext, suiteId: SUITE });
    },
  };
  const rows = [];
  try {
    for (const concurrency of [1, 100]) {
      for (const [name, make] of Object.entries(impls)) {
        const fn = make();
        local.clearRequests();
        const seconds = await timed(messages, concurrency, fn);
        const calls = local.requests(REGION).filter((r) => r.operation === 'GenerateDataKey').length;
        rows.push({ name, concurrency, messages, generateDataKeyCalls: calls, opsPerSecond: messages / seconds, seconds });
      }
    }
  } finally {
    ours.destroy();
    kms.destroy();
    await local.close();
  }
  return { rows, suite: SUITE, maxMessagesEncrypted: MAX_MESSAGES };
}

/** One printed line per row. */
export function formatCacheRow(r) {
  const mode = r.concurrency === 1 ? 'sequential' : `${r.concurrency}-way`;
  return `${`${r.messages} encrypts ${mode}, ${r.name}`.padEnd(48)} ${String(r.generateDataKeyCalls).padStart(6)} GenerateDataKey  ${r.opsPerSecond.toFixed(0).padStart(6)} op/s`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await runCacheBench({ messages: Number(process.argv[2] ?? 10_000) });
  console.log(`data-key caching via kms-local (suite 0x0${r.suite.toString(16)}, 1 KiB, maxMessagesEncrypted ${r.maxMessagesEncrypted})`);
  for (const row of r.rows) console.log(formatCacheRow(row));
}
