// A branch key per tenant in a DynamoDB global table over two regions, wrapped by a multi-region KMS
// key: 1,000 messages cost one KMS Decrypt and one GetItem per tenant; a rotation (versionKey) keeps
// old messages readable; with the local region down, a cold keyring reads in the other region.
// kms-local serves KMS and DynamoDB on one endpoint per region; against AWS, leave out `endpoints`
// and `credentials`.
import { startKmsLocal, createMultiRegionKey } from '@envelope/kms-local';
import { BranchKeyStore, HierarchicalKeyring, encrypt, decrypt } from '@envelope/client';

const REGIONS = ['us-east-1', 'eu-west-1'];
const local = await startKmsLocal({ regions: REGIONS, replicaDelayMs: 20 });
const stores = [];
try {
  const { arns } = await createMultiRegionKey(local, { primaryRegion: REGIONS[0], replicaRegions: REGIONS.slice(1) });
  const aws = { endpoints: local.endpoints, credentials: local.credentials }; // leave out for real AWS
  const store = () => {
    const s = new BranchKeyStore({ tableName: 'branch-keys', kmsKeyArn: arns['us-east-1'], regions: REGIONS, localRegion: 'us-east-1', ...aws });
    stores.push(s);
    return s;
  };
  const admin = store();
  await admin.createTable(); // a global table over both regions
  for (const tenant of ['acme', 'globex']) await admin.createKey({ branchKeyId: `tenant-${tenant}`, encryptionContext: { tenant } });
  await new Promise((r) => setTimeout(r, 100)); // the global table's replication delay

  const keyringOf = (keyStore) => new HierarchicalKeyring({ keyStore, cacheTtlMs: 10 * 60_000, branchKeyIdSupplier: ({ tenant }) => `tenant-${tenant}` });
  const keyring = keyringOf(store());
  local.clearRequests();
  const messages = [];
  for (let i = 0; i < 1000; i++) {
    const tenant = i % 2 ? 'acme' : 'globex';
    messages.push((await encrypt(keyring, `order ${i} of ${tenant}`, { encryptionContext: { tenant } })).ciphertext);
  }
  const count = (op) => local.requests().filter((r) => r.operation === op).length;
  console.log(`1000 messages for 2 tenants: ${count('Decrypt')} KMS Decrypt, ${count('GetItem')} GetItem`);

  await admin.versionKey({ branchKeyId: 'tenant-acme' });
  const rotated = keyringOf(store()); // a fresh keyring reads the new active version
  const after = (await encrypt(rotated, 'order after rotation', { encryptionContext: { tenant: 'acme' } })).ciphertext;
  const text = async (k, m) => Buffer.from((await decrypt(k, m)).plaintext).toString();
  console.log(`after versionKey: "${await text(rotated, messages[1])}" and "${await text(rotated, after)}" both open`);

  local.setFault('us-east-1', { mode: 'down' });
  const t0 = performance.now();
  const cold = await decrypt(keyringOf(store()), messages[0]);
  console.log(`us-east-1 down: a cold keyring opened "${Buffer.from(cold.plaintext).toString()}" through ${cold.decryptedBy.region} in ${Math.round(performance.now() - t0)} ms`);
  console.log('OK hierarchical-keyring');
} finally {
  for (const s of stores) s.destroy();
  await local.close();
}
