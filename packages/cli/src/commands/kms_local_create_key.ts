/**
 * `envelope kms-local create-key --port P --regions r1,r2 [--multi-region] [--alias NAME]`: makes a
 * key in a running kms-local through the real @aws-sdk/client-kms (the same calls work against AWS
 * KMS) and prints `{"region": "key ARN", …}` on stdout.
 *
 * Without --multi-region: one key per region. With it: a multi-region primary key in the first
 * region and a replica in each other region, each awaited until DescribeKey no longer says Creating
 * (kms-local's createMultiRegionKey, bounded). With --alias: the alias in every region.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_CREDENTIALS, createMultiRegionKey } from '@envelope/kms-local';
import { UsageError } from '../exit_codes.js';
import { parseRegions } from '../region_args.js';
import { checkOutput } from '../io.js';
import { checkEscrow, writeKmsLocalConfig } from './kms_local_config.js';

/** Usage of `envelope kms-local create-key`. */
export const CREATE_KEY_USAGE = `Usage: envelope kms-local create-key --port P --regions r1,r2 [--multi-region] [--alias NAME]
                                     [--write-config FILE [--escrow PUB.pem] [--force]]
                                     [--description TEXT] [--access-key-id X --secret-access-key Y]

Makes a key in a running kms-local (region i answers on port P + i: give the --port and the
--regions, in the same order, that kms-local start was given) and prints {"region": "key ARN", ...}.
--write-config FILE also writes a config that encrypts under that key in every region (and, with
--escrow, to an RSA public key that decrypt --identity opens), ready for envelope encrypt --config FILE.`;

interface CreateKeyFlags {
  port: number;
  regions: string[];
  multiRegion: boolean;
  alias: string | undefined;
  description: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  writeConfig: string | undefined;
  escrow: string | undefined;
  force: boolean;
}

function parse(argv: readonly string[]): CreateKeyFlags | undefined {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string', default: '4566' },
        regions: { type: 'string' },
        'multi-region': { type: 'boolean', default: false },
        alias: { type: 'string' },
        description: { type: 'string' },
        'access-key-id': { type: 'string' },
        'secret-access-key': { type: 'string' },
        'write-config': { type: 'string' },
        escrow: { type: 'string' },
        force: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new UsageError(`kms-local create-key: ${(e as Error).message}\n${CREATE_KEY_USAGE}`);
  }
  if (values.help) return undefined;
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port < 1 || port > 65535) throw new UsageError(`--port expects 1..65535, got ${JSON.stringify(values.port)}`);
  const regions = parseRegions(values.regions);
  if (!regions) throw new UsageError(`kms-local create-key needs --regions\n${CREATE_KEY_USAGE}`);
  if (port + regions.length - 1 > 65535) throw new UsageError('--port: the last region would be past port 65535');
  if (Boolean(values['access-key-id']) !== Boolean(values['secret-access-key'])) throw new UsageError('--access-key-id and --secret-access-key go together');
  let alias = values.alias;
  if (alias !== undefined) {
    alias = alias.startsWith('alias/') ? alias : `alias/${alias}`;
    if (!/^alias\/[a-zA-Z0-9/_-]{1,250}$/.test(alias) || alias.startsWith('alias/aws/')) throw new UsageError(`--alias: ${JSON.stringify(values.alias)} is not a usable alias name (letters, digits, / _ -; not aws/…)`);
  }
  return {
    port,
    regions,
    multiRegion: values['multi-region'],
    alias,
    description: values.description ?? 'made by envelope kms-local create-key',
    credentials: values['access-key-id'] ? { accessKeyId: values['access-key-id'], secretAccessKey: values['secret-access-key']! } : { ...DEFAULT_CREDENTIALS },
    writeConfig: values['write-config'],
    escrow: values.escrow,
    force: values.force,
  };
}

async function createKeys(f: CreateKeyFlags): Promise<Record<string, string>> {
  const endpoints = Object.fromEntries(f.regions.map((region, i) => [region, `http://127.0.0.1:${f.port + i}`]));
  if (f.multiRegion) {
    // The primary, a replica per other region awaited until it leaves Creating, the alias in each.
    const [primaryRegion, ...replicaRegions] = f.regions as [string, ...string[]];
    const key = await createMultiRegionKey({ endpoints, credentials: f.credentials }, { primaryRegion, replicaRegions, description: f.description, ...(f.alias ? { alias: f.alias } : {}) });
    return Object.fromEntries(f.regions.map((region) => [region, key.arns[region]!]));
  }
  const { KMSClient, CreateKeyCommand, CreateAliasCommand } = await import('@aws-sdk/client-kms');
  const arns: Record<string, string> = {};
  for (const region of f.regions) {
    const client = new KMSClient({ region, endpoint: endpoints[region]!, credentials: f.credentials, maxAttempts: 2 });
    try {
      const created = await client.send(new CreateKeyCommand({ Description: f.description }));
      arns[region] = created.KeyMetadata!.Arn!;
      if (f.alias) await client.send(new CreateAliasCommand({ AliasName: f.alias, TargetKeyId: arns[region] }));
    } finally {
      client.destroy();
    }
  }
  return arns;
}

/** Runs `kms-local create-key` with the arguments after `create-key`. */
export async function createKeyCommand(argv: readonly string[]): Promise<void> {
  const f = parse(argv);
  if (!f) {
    process.stdout.write(`${CREATE_KEY_USAGE}\n`);
    return;
  }
  // Everything that can be refused is, before a key is made.
  checkEscrow(f.escrow, f.writeConfig);
  if (f.writeConfig !== undefined) checkOutput(f.writeConfig, f.force);
  let arns: Record<string, string>;
  try {
    arns = await createKeys(f);
  } catch (e) {
    const err = e as Error & { code?: string; name?: string };
    const down = err.code === 'ECONNREFUSED' || /ECONNREFUSED/.test(String(err.message));
    const hint = down
      ? `nothing answers on 127.0.0.1:${f.port}..${f.port + f.regions.length - 1}: is kms-local start running with --port ${f.port}?`
      : `${err.name ?? 'Error'}: ${err.message} (are --port and --regions, in this order, those kms-local start was given?)`;
    throw new UsageError(`kms-local create-key: ${hint}`, { cause: e });
  }
  process.stdout.write(`${JSON.stringify(arns)}\n`);
  if (f.writeConfig !== undefined) {
    await writeKmsLocalConfig({ ...f, arns }, f.writeConfig, f.force);
    process.stderr.write(`envelope: wrote ${f.writeConfig}: envelope encrypt --config ${f.writeConfig} -i FILE -o FILE.envelope\n`);
  } else if (f.alias) {
    const entry = { type: 'aws-kms', keyId: f.alias, regions: f.regions };
    process.stderr.write(`envelope: ${f.alias} in ${f.regions.join(', ')}; in a config: ${JSON.stringify(entry)}\n`);
  }
}
