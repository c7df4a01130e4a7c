/**
 * `envelope keystore create-table|create-key|version-key --config CFG.json [--branch-key-id ID]`:
 * administers the branch key store of the config's hierarchical keyring (its table, KMS key,
 * regions, endpoints and credentials), and prints one JSON line on stdout.
 *
 * - create-table: the table (a global table over the config's regions), idempotent;
 * - create-key: the branch key `--branch-key-id`, else the keyring's `branchKeyId`;
 * - version-key: a new active version of that branch key (older versions keep opening messages).
 */
import { BranchKeyStore, HierarchicalKeyring, keyringFromConfig, type Keyring } from '@envelope/client';
import { UsageError } from '../exit_codes.js';

/** Options of the `keystore` command. */
export interface KeystoreFlags {
  readonly config?: string;
  readonly branchKeyId?: string;
}

const ACTIONS = ['create-table', 'create-key', 'version-key'] as const;

/** Every hierarchical keyring in a keyring tree (multi keyrings included). */
function hierarchical(k: Keyring | undefined, out: HierarchicalKeyring[] = []): HierarchicalKeyring[] {
  if (k === undefined) return out;
  if (k instanceof HierarchicalKeyring) out.push(k);
  const m = k as { generator?: Keyring; children?: readonly Keyring[] } | undefined;
  hierarchical(m?.generator, out);
  for (const c of m?.children ?? []) hierarchical(c, out);
  return out;
}

async function storeOf(configPath: string): Promise<{ store: BranchKeyStore; branchKeyId: string | undefined }> {
  const found = hierarchical(await keyringFromConfig(configPath));
  if (found.length === 0) throw new UsageError(`keystore: ${configPath} has no keyring of type "hierarchical"`);
  const tables = new Set(found.map((k) => `${k.keyStore.tableName}\u0000${k.keyStore.kmsKeyArn}`));
  if (tables.size > 1) throw new UsageError(`keystore: ${configPath} has hierarchical keyrings over ${tables.size} different stores; keep one per config for keystore commands`);
  return { store: found[0]!.keyStore, branchKeyId: found[0]!.branchKeyId };
}

/** Runs `envelope keystore ACTION`; prints what it did as one JSON line. */
export async function keystoreCommand(action: string, flags: KeystoreFlags): Promise<void> {
  if (!(ACTIONS as readonly string[]).includes(action)) throw new UsageError(`keystore: expected one of ${ACTIONS.join(', ')}, got ${JSON.stringify(action)}`);
  const config = flags.config ?? (process.env['ENVELOPE_CONFIG'] || undefined);
  if (!config) throw new UsageError('keystore needs --config FILE (or ENVELOPE_CONFIG) with a hierarchical keyring');
  if (flags.branchKeyId !== undefined && flags.branchKeyId.length === 0) throw new UsageError('--branch-key-id must not be empty');
  const { store, branchKeyId: configured } = await storeOf(config);
  try {
    if (action === 'create-table') {
      await store.createTable();
      process.stdout.write(`${JSON.stringify({ tableName: store.tableName, regions: store.regions })}\n`);
      return;
    }
    const branchKeyId = flags.branchKeyId ?? configured;
    if (action === 'create-key') {
      const made = await store.createKey(branchKeyId ? { branchKeyId } : {});
      process.stdout.write(`${JSON.stringify({ tableName: store.tableName, branchKeyId: made.branchKeyId })}\n`);
      return;
    }
    if (!branchKeyId) throw new UsageError('version-key needs --branch-key-id ID (or a branchKeyId in the config)');
    await store.versionKey({ branchKeyId });
    process.stdout.write(`${JSON.stringify({ tableName: store.tableName, branchKeyId, versioned: true })}\n`);
  } finally {
    store.destroy();
  }
}
