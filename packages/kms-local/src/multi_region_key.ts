/**
 * Provisioning helper for tests, examples and the demo: a multi-region key in a primary region,
 * replicas in the others, and the same alias in each, made through the real AWS SDK client, so
 * the same calls work against AWS KMS.
 */
import { CreateAliasCommand, CreateKeyCommand, KMSClient, ReplicateKeyCommand } from '@aws-sdk/client-kms';
import type { Credentials } from './sigv4_verifier.js';

/** What {@link createMultiRegionKey} made. */
export interface MultiRegionKey {
  /** The `mrk-…` key id, the same in every region. */
  readonly keyId: string;
  /** region → key ARN */
  readonly arns: Record<string, string>;
  /** region → alias ARN (empty without an alias) */
  readonly aliasArns: Record<string, string>;
}

/** Creates a multi-region key in `primaryRegion`, replicates it and aliases it in every region. */
export async function createMultiRegionKey(
  local: { readonly endpoints: Record<string, string>; readonly credentials: Credentials },
  options: { primaryRegion: string; replicaRegions: readonly string[]; alias?: string; description?: string },
): Promise<MultiRegionKey> {
  const client = (region: string): KMSClient => {
    const endpoint = local.endpoints[region];
    if (!endpoint) throw new Error(`kms-local: no endpoint for region ${region}`);
    return new KMSClient({ region, endpoint, credentials: local.credentials, maxAttempts: 2 });
  };
  const primary = client(options.primaryRegion);
  try {
    const created = await primary.send(new CreateKeyCommand({ MultiRegion: true, Description: options.description ?? 'Envelope multi-region key' }));
    const keyId = created.KeyMetadata!.KeyId!;
    const arns: Record<string, string> = { [options.primaryRegion]: created.KeyMetadata!.Arn! };
    for (const region of options.replicaRegions) {
      const r = await primary.send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: region }));
      arns[region] = r.ReplicaKeyMetadata!.Arn!;
    }
    const aliasArns: Record<string, string> = {};
    if (options.alias) {
      for (const region of [options.primaryRegion, ...options.replicaRegions]) {
        const c = region === options.primaryRegion ? primary : client(region);
        try {
          await c.send(new CreateAliasCommand({ AliasName: options.alias, TargetKeyId: keyId }));
        } finally {
          if (c !== primary) c.destroy();
        }
        aliasArns[region] = arns[region]!.replace(/:key\/.*$/, `:${options.alias}`);
      }
    }
    return { keyId, arns, aliasArns };
  } finally {
    primary.destroy();
  }
}
