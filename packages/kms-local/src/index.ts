export { startKmsLocal, DEFAULT_CREDENTIALS, DEFAULT_ACCOUNT_ID } from './server.js';
export type { KmsLocal, KmsLocalOptions, Fault, FaultMode, RequestLogEntry } from './server.js';
export { createMultiRegionKey, waitForReplica } from './multi_region_key.js';
export type { MultiRegionKey, WaitForReplicaOptions } from './multi_region_key.js';
export type { Credentials } from './sigv4_verifier.js';
export { runKmsLocalCli } from './cli.js';
