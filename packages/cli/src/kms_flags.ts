/**
 * The KMS keyrings of `--kms KEY [--regions …]` and `--discovery`, built through the registry as
 * config entries (a module of its own: the registry and the AWS SDK load only when these flags are given).
 */
import { keyringFromConfig, type Keyring } from '@envelope/client';
import { UsageError } from './exit_codes.js';
import type { KeyringFlags } from './keyring_flag_values.js';
import { parseRegions } from './region_args.js';

/** The `aws-kms` config entries of `--kms` keys: ARNs together, each alias or key id over `regions`. */
function kmsEntries(keys: readonly string[], regions: readonly string[] | undefined): object[] {
  const arns = keys.filter((k) => k.startsWith('arn:'));
  const named = keys.filter((k) => !k.startsWith('arn:'));
  const entries: object[] = [];
  if (named.length) {
    const fromEnv = process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'];
    const over = regions ?? (fromEnv ? parseRegions(fromEnv, 'AWS_REGION') : undefined);
    if (!over) throw new UsageError(`--kms ${named[0]} is not an ARN: give --regions r1,r2 (or AWS_REGION) to place it`);
    for (const keyId of named) entries.push({ type: 'aws-kms', keyId, regions: over });
  }
  if (arns.length) entries.unshift({ type: 'aws-kms', generatorKeyId: arns[0], ...(arns.length > 1 ? { keyIds: arns.slice(1) } : {}) });
  return entries;
}

/**
 * The `aws-kms` discovery entry of `--discovery`: any KMS key of the accounts given opens the message,
 * in the region its ARN names. The account filter is required, as in the config: without it a message
 * whose header an attacker rewrote could send this machine's credentials to any key of any account.
 */
function discoveryEntry(flags: KeyringFlags): object {
  const accountIds = flags.discoveryAccount ?? [];
  if (!accountIds.length) throw new UsageError('--discovery needs --discovery-account ID (repeatable): only KMS keys of those accounts are tried');
  for (const a of accountIds) if (!/^\d{12}$/.test(a)) throw new UsageError(`--discovery-account ${JSON.stringify(a)} is not a 12-digit AWS account id`);
  return { type: 'aws-kms', discovery: true, discoveryFilter: { accountIds, partition: flags.discoveryPartition ?? 'aws' } };
}

/**
 * Per-region endpoints of `--kms` keys (KMS and the STS lookup alike), from
 * `ENVELOPE_KMS_ENDPOINTS=us-east-1=http://127.0.0.1:4566,eu-west-1=http://127.0.0.1:4567`, or, for a
 * single region, `AWS_ENDPOINT_URL_KMS` (which the AWS SDK applies to KMS only: the STS lookup of an
 * alias would go to AWS).
 */
export function kmsEndpointsFromEnv(regions: readonly string[] | undefined): Record<string, string> | undefined {
  const list = process.env['ENVELOPE_KMS_ENDPOINTS'];
  if (list) {
    const endpoints: Record<string, string> = {};
    for (const pair of list.split(',').map((p) => p.trim()).filter(Boolean)) {
      const m = /^([a-z0-9-]+)=(https?:\/\/\S+)$/.exec(pair);
      if (!m) throw new UsageError(`ENVELOPE_KMS_ENDPOINTS expects region=URL pairs separated by commas, got ${JSON.stringify(pair)}`);
      endpoints[m[1]!] = m[2]!;
    }
    return endpoints;
  }
  const one = process.env['AWS_ENDPOINT_URL_KMS'];
  if (!one || !regions) return undefined;
  if (regions.length > 1) throw new UsageError('AWS_ENDPOINT_URL_KMS is one endpoint for every region: with several --regions give ENVELOPE_KMS_ENDPOINTS=r1=URL1,r2=URL2 instead');
  return { [regions[0]!]: one };
}

/** One keyring per `--kms` entry (ARNs together) and one for `--discovery`. */
export async function kmsKeyringsFromFlags(flags: KeyringFlags, regions: readonly string[] | undefined): Promise<Keyring[]> {
  const endpoints = kmsEndpointsFromEnv(regions);
  const entries = [...kmsEntries(flags.kms ?? [], regions), ...(flags.discovery ? [discoveryEntry(flags)] : [])];
  const keyrings: Keyring[] = [];
  for (const entry of entries) {
    const config = { ...(regions ? { localRegion: regions[0] } : {}), ...(endpoints ? { kms: { endpoints } } : {}), keyring: entry };
    keyrings.push(await keyringFromConfig(config, { baseDir: process.cwd() }));
  }
  return keyrings;
}
