/**
 * The `hierarchical` keyring provider: a {@link HierarchicalKeyring} over a {@link BranchKeyStore}
 * from a config entry; endpoints, credentials, the call deadline and the local region come from the
 * config's top-level `kms` section, and the store records into the build's shared region health.
 *
 * ```json
 * { "type": "hierarchical", "tableName": "branch-keys", "kmsKeyArn": "arn:aws:kms:…:key/mrk-…",
 *   "branchKeyId": "tenant-42", "cacheTtlSeconds": 600,
 *   "regions": ["us-east-1", "eu-west-1"], "logicalKeyStoreName": "branch-keys", "maxCacheSize": 1000 }
 * ```
 */
import { ConfigError, ConfigReader, REGION_HEALTH, type KeyringProvider, type ProviderContext, type RemoteCallSettings } from '@envelope/core';
import { BranchKeyStore } from './branch_key_store.js';
import { HierarchicalKeyring } from './hierarchical_keyring.js';
import { edkBranchKeyId, HIERARCHY_PROVIDER_ID } from './hierarchy_edk.js';
import { isMrkArn, parseKeyArn } from './internal/kms_arn.js';

/** A validated `hierarchical` config entry. */
export interface HierarchicalConfig {
  /** The branch key store's DynamoDB table. */
  readonly tableName: string;
  /** The KMS key (ARN) that wraps the branch keys. */
  readonly kmsKeyArn: string;
  /** The branch key this keyring uses. */
  readonly branchKeyId: string;
  /** How long an unwrapped branch key stays cached. */
  readonly cacheTtlSeconds: number;
  /** The regions of a multi-region store (a global table and an MRK), read local region first. */
  readonly regions?: readonly string[];
  /** The store's logical name (defaults to the table's name). */
  readonly logicalKeyStoreName?: string;
  /** Most branch keys held in the cache at once. */
  readonly maxCacheSize?: number;
  /** Names the keyring's cache entries, as the Material Providers Library's partition id (default random). */
  readonly partitionId?: string;
  /** JSON path of the entry, for errors raised while building. */
  readonly path: string;
}

/** The branch key store of a `hierarchical` config entry (also what `envelope keystore` administers). */
export function branchKeyStoreFromConfig(c: HierarchicalConfig, kms: RemoteCallSettings, services?: ProviderContext['services']): BranchKeyStore {
  const localRegion = kms.localRegion && (!c.regions || c.regions.includes(kms.localRegion)) ? kms.localRegion : undefined;
  return new BranchKeyStore({
    tableName: c.tableName,
    kmsKeyArn: c.kmsKeyArn,
    ...(c.regions ? { regions: c.regions } : {}),
    ...(localRegion ? { localRegion } : {}),
    ...(c.logicalKeyStoreName ? { logicalKeyStoreName: c.logicalKeyStoreName } : {}),
    ...(kms.endpoints ? { endpoints: kms.endpoints } : {}),
    ...(kms.credentials ? { credentials: kms.credentials } : {}),
    ...(kms.timeoutMs ? { timeoutMs: kms.timeoutMs } : {}),
    ...(services ? { availability: services.get(REGION_HEALTH) } : {}),
  });
}

/** `{ "type": "hierarchical", "tableName", "kmsKeyArn", "branchKeyId", "cacheTtlSeconds", … }` */
export const hierarchicalProvider: KeyringProvider<HierarchicalConfig> = {
  type: 'hierarchical',
  parse(config, path) {
    const r = new ConfigReader(config, path);
    r.onlyKnown(['type', 'tableName', 'kmsKeyArn', 'branchKeyId', 'cacheTtlSeconds', 'regions', 'logicalKeyStoreName', 'maxCacheSize', 'partitionId']);
    const regions = r.optionalStringArray('regions', { nonEmpty: true });
    const logicalKeyStoreName = r.optionalString('logicalKeyStoreName');
    const maxCacheSize = r.optionalNumber('maxCacheSize', { min: 0, integer: true });
    const partitionId = r.optionalString('partitionId');
    const kmsKeyArn = r.string('kmsKeyArn');
    if (!parseKeyArn(kmsKeyArn)) throw new ConfigError('expected a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID), not an alias or key id', r.at('kmsKeyArn'));
    if (regions && new Set(regions).size > 1 && !isMrkArn(kmsKeyArn)) throw new ConfigError('a store over several regions needs a multi-region KMS key (key/mrk-…)', r.at('kmsKeyArn'));
    return {
      tableName: r.string('tableName'),
      kmsKeyArn,
      branchKeyId: r.string('branchKeyId'),
      cacheTtlSeconds: r.number('cacheTtlSeconds', { min: 0.001 }),
      ...(regions ? { regions } : {}),
      ...(logicalKeyStoreName ? { logicalKeyStoreName } : {}),
      ...(maxCacheSize !== undefined ? { maxCacheSize } : {}),
      ...(partitionId ? { partitionId } : {}),
      path,
    };
  },
  create(c, context) {
    const keyStore = branchKeyStoreFromConfig(c, context.kms, context.services);
    return new HierarchicalKeyring({
      keyStore,
      branchKeyId: c.branchKeyId,
      cacheTtlMs: c.cacheTtlSeconds * 1000,
      ...(c.maxCacheSize !== undefined ? { maxCacheSize: c.maxCacheSize } : {}),
      ...(c.partitionId ? { partitionId: c.partitionId } : {}),
    });
  },
  /** An `aws-kms-hierarchy` EDK: its branch key id. */
  describeEdk(edk) {
    const id = edkBranchKeyId(edk);
    return id === undefined ? undefined : { providerId: HIERARCHY_PROVIDER_ID, keyId: id };
  },
};
