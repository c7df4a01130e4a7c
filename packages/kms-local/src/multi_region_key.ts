/**
 * Provisioning helpers for tests, examples, the demo and the CLI: a multi-region key in a primary
 * region, replicas in the others, and the same alias in each, made through the real AWS SDK client,
 * so the same calls work against AWS KMS (including waiting for replicas to leave `Creating`).
 */
import { CreateAliasCommand, CreateKeyCommand, DescribeKeyCommand, KMSClient, ReplicateKeyCommand, type KeyMetadata } from '@aws-sdk/client-kms';
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

/** Options of {@link waitForReplica}. */
export interface WaitForReplicaOptions {
  /** Give up after this long, ms (default 60,000: AWS documents "a few seconds"). */
  readonly timeoutMs?: number;
  /** First pause between DescribeKey calls, ms (default 100; doubles up to 2,000). */
  readonly intervalMs?: number;
  /** Cancels the wait. */
  readonly signal?: AbortSignal;
}

/**
 * Polls DescribeKey on `client` (a client of the replica's region) until the key `keyId` has left
 * the transient `Creating` state, as AWS documents for ReplicateKey; resolves with its metadata.
 * Throws if it is still `Creating` after `timeoutMs`. Whether the state it reached (`Enabled`, or
 * `PendingImport` for imported material) suits the caller is for the caller to check.
 */
export async function waitForReplica(client: KMSClient, keyId: string, options: WaitForReplicaOptions = {}): Promise<KeyMetadata> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let pause = options.intervalMs ?? 100;
  for (;;) {
    options.signal?.throwIfAborted();
    const { KeyMetadata: md } = await client.send(new DescribeKeyCommand({ KeyId: keyId }), options.signal ? { abortSignal: options.signal } : {});
    if (md && md.KeyState !== 'Creating') return md;
    if (Date.now() + pause > deadline) throw new Error(`kms: replica ${keyId} still Creating after ${options.timeoutMs ?? 60_000} ms`);
    await new Promise((r) => setTimeout(r, pause));
    pause = Math.min(pause * 2, 2000);
  }
}

/**
 * Creates a multi-region key in `primaryRegion`, replicates it to every replica region, waits until
 * each replica is usable (DescribeKey no longer says `Creating`), then aliases it in every region.
 */
export async function createMultiRegionKey(
  local: { readonly endpoints: Record<string, string>; readonly credentials: Credentials },
  options: { primaryRegion: string; replicaRegions: readonly string[]; alias?: string; description?: string },
): Promise<MultiRegionKey> {
  const clients = new Map<string, KMSClient>();
  const client = (region: string): KMSClient => {
    const endpoint = local.endpoints[region];
    if (!endpoint) throw new Error(`kms-local: no endpoint for region ${region}`);
    let c = clients.get(region);
    if (!c) clients.set(region, (c = new KMSClient({ region, endpoint, credentials: local.credentials, maxAttempts: 2 })));
    return c;
  };
  try {
    const description = options.description ?? 'Envelope multi-region key';
    const primary = client(options.primaryRegion);
    const created = await primary.send(new CreateKeyCommand({ MultiRegion: true, Description: description }));
    const keyId = created.KeyMetadata!.KeyId!;
    const arns: Record<string, string> = { [options.primaryRegion]: created.KeyMetadata!.Arn! };
    for (const region of options.replicaRegions) {
      // The description is not a shared property of multi-region keys: each replica gets its own.
      const r = await primary.send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: region, Description: description }));
      arns[region] = r.ReplicaKeyMetadata!.Arn!;
    }
    await Promise.all(options.replicaRegions.map((region) => waitForReplica(client(region), keyId)));
    const aliasArns: Record<string, string> = {};
    if (options.alias) {
      for (const region of [options.primaryRegion, ...options.replicaRegions]) {
        await client(region).send(new CreateAliasCommand({ AliasName: options.alias, TargetKeyId: keyId }));
        aliasArns[region] = arns[region]!.replace(/:key\/.*$/, `:${options.alias}`);
      }
    }
    return { keyId, arns, aliasArns };
  } finally {
    for (const c of clients.values()) c.destroy();
  }
}
