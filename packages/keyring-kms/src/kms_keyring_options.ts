/** The options of a KMS keyring, and their checks (a ConfigError naming the field, at construction). */
import type { KMSClient } from '@aws-sdk/client-kms';
import { ConfigError, type HedgingPolicy } from '@envelope/core';
import type { AwsCredentials, KmsClientPool } from './client_pool.js';
import type { RegionHealth } from './region_health.js';

/** Options of {@link KmsKeyring}. */
export interface KmsKeyringOptions {
  /** Key that generates the data key (key ARN, alias ARN, or id/alias in localRegion). */
  readonly generatorKeyId?: string;
  /** Further keys that wrap the data key (any regions). */
  readonly keyIds?: readonly string[];
  /** Alternative to generatorKeyId/keyIds: one alias or key id expanded to an ARN per region (first region generates). */
  readonly keyId?: string;
  /** Regions for `keyId`, one ARN each; the first generates. */
  readonly regions?: readonly string[];
  /** Decrypt any aws-kms EDK that passes discoveryFilter (no encryption). */
  readonly discovery?: boolean;
  /** Required with discovery: only EDKs of these accounts in this partition are tried. */
  readonly discoveryFilter?: {
    /** AWS account ids whose keys may be used. */
    readonly accountIds: readonly string[];
    /** AWS partition, e.g. `aws`. */
    readonly partition: string;
  };
  /** Builds the KMS client of a region (else built from endpoints/credentials/maxAttempts). */
  readonly clientFactory?: (region: string) => KMSClient;
  /** Endpoint override per region (kms-local); leave out for real AWS. */
  readonly endpoints?: Readonly<Record<string, string>>;
  /** Explicit credentials; leave out for the AWS SDK's default chain. */
  readonly credentials?: AwsCredentials;
  /** Attempts per KMS call, retries included, when no other region could answer instead (default 2). */
  readonly maxAttempts?: number;
  /** Deadline of one KMS call in ms, retries included (default 3000). */
  readonly timeoutMs?: number;
  /**
   * Region tried first on decrypt, and the region of key ids that are not ARNs. Default: the AWS
   * SDK's region ({@link defaultRegion}: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region).
   */
  readonly localRegion?: string;
  /** Accept fewer wrapped keys than configured: a count, or 'generator' (only the generator must succeed). */
  readonly minKeys?: number | 'generator';
  /** Make the data key locally (CSPRNG) and wrap it under every key at once: one round trip. */
  readonly generateDataKeyLocally?: boolean;
  /** Shared region health (default: a new one per keyring). */
  readonly health?: RegionHealth;
  /** Shared client pool (the registry shares one per config); endpoints/credentials/clientFactory are then unused. */
  readonly pool?: KmsClientPool;
  /**
   * Decrypt hedging: `'adaptive'` (default: start the next region when this one has not answered
   * within its adaptive delay), a fixed delay in ms, or `'off'`.
   */
  readonly hedging?: HedgingPolicy;
  /** KMS grant tokens passed with every call. */
  readonly grantTokens?: readonly string[];
}

/** Throws a ConfigError for options that contradict each other or are out of range. */
export function checkOptions(o: KmsKeyringOptions): void {
  if (o.discovery) {
    if (o.generatorKeyId || o.keyIds?.length || o.keyId) throw new ConfigError('a discovery keyring takes no key ids');
    if (!o.discoveryFilter || !o.discoveryFilter.accountIds.length || !o.discoveryFilter.partition) {
      throw new ConfigError('discovery needs discoveryFilter { accountIds, partition }', 'discoveryFilter');
    }
  } else if (o.keyId !== undefined) {
    if (o.generatorKeyId || o.keyIds?.length) throw new ConfigError('use either keyId + regions or generatorKeyId + keyIds');
    if (!o.regions?.length) throw new ConfigError('keyId needs regions', 'regions');
    if (o.keyId.startsWith('arn:')) throw new ConfigError('keyId + regions takes an alias (alias/name) or a key id, not an ARN', 'keyId');
  } else if (!o.generatorKeyId && !o.keyIds?.length) {
    throw new ConfigError('a KMS keyring needs generatorKeyId, keyIds, keyId + regions, or discovery');
  }
  if (o.minKeys !== undefined && o.minKeys !== 'generator' && !(Number.isInteger(o.minKeys) && o.minKeys >= 1)) {
    throw new ConfigError("minKeys must be a positive integer or 'generator'", 'minKeys');
  }
  if (o.hedging !== undefined && o.hedging !== 'off' && o.hedging !== 'adaptive' && !(typeof o.hedging === 'number' && o.hedging >= 0)) {
    throw new ConfigError("hedging must be 'off', 'adaptive' or a delay in ms", 'hedging');
  }
}
