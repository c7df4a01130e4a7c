/**
 * @envelope/keyring-hierarchy: the hierarchical keyring and its branch key store (DynamoDB + KMS),
 * wire-compatible with the AWS Material Providers Library and esdk-js.
 * @packageDocumentation
 */
export { BranchKeyStore } from './branch_key_store.js';
export type { BranchKeyStoreOptions } from './branch_key_store.js';
export type { BranchKeyMaterials } from './branch_key_reads.js';
export type { StoreCredentials } from './regional_clients.js';
export { HierarchicalKeyring } from './hierarchical_keyring.js';
export type { HierarchicalKeyringOptions, BranchKeyIdSupplier } from './hierarchical_keyring.js';
export { HIERARCHY_PROVIDER_ID } from './hierarchy_edk.js';
export { hierarchicalProvider, branchKeyStoreFromConfig } from './hierarchical_provider.js';
export type { HierarchicalConfig } from './hierarchical_provider.js';
