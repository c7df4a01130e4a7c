export { KmsKeyring, KMS_PROVIDER_ID } from './kms_keyring.js';
export type { KmsKeyringOptions } from './kms_keyring.js';
export { RegionHealth, isRegionFailure } from './region_health.js';
export type { RegionHealthOptions, RegionStats, BreakerState } from './region_health.js';
export { KmsClientPool } from './client_pool.js';
export type { ClientPoolOptions, AwsCredentials } from './client_pool.js';
export { parseKmsArn, formatKmsArn, isMrkArn, mrkMatch } from './arn.js';
export type { KmsArn } from './arn.js';
export { kmsProvider, sharedRegionHealth, REGION_HEALTH_KEY } from './kms_provider.js';
