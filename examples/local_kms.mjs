// Shared by the examples: a kms-local with three regions and a multi-region key aliased alias/app,
// so every example runs on a fresh machine with no AWS account. Against real AWS KMS you would skip
// this and leave `endpoints` and `credentials` out of the keyring options. createMultiRegionKey waits
// for each replica to leave the Creating state (DescribeKey), as a caller of real AWS KMS must.
import { startKmsLocal, createMultiRegionKey } from '@envelope/kms-local';

export const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];

export async function localKms() {
  const local = await startKmsLocal({ regions: REGIONS });
  await createMultiRegionKey(local, { primaryRegion: REGIONS[0], replicaRegions: REGIONS.slice(1), alias: 'alias/app' });
  return local;
}
