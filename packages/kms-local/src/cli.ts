/**
 * The `kms-local start --regions r1,r2 [--port 4566] [--state DIR] [--account-id N]
 *   [--access-key-id X --secret-access-key Y]`: prints one JSON line per region, then serves until
 * SIGINT/SIGTERM. Also run by `envelope kms-local start`.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_CREDENTIALS, startKmsLocal, type KmsLocalOptions } from './server.js';

const USAGE = `Usage: kms-local start --regions us-east-1,eu-west-1 [--port 4566] [--state DIR]
                       [--account-id 111122223333] [--access-key-id X --secret-access-key Y]
                       [--replica-delay-ms 200]

A KMS-compatible server for tests and demos (NOT a KMS: never put real secrets in it), with
STS GetCallerIdentity and the DynamoDB subset a branch key store needs on the same endpoint.
Region i listens on 127.0.0.1:(port + i); --port 0 picks free ports. A ReplicateKey replica
stays in the Creating state for --replica-delay-ms (as on AWS, poll DescribeKey before using it);
a DynamoDB replica table stays CREATING as long, and writes to a global table reach the other
replicas after that delay. Keys, aliases and tables persist in --state (default a temp dir).
Default credentials: ${DEFAULT_CREDENTIALS.accessKeyId} / ${DEFAULT_CREDENTIALS.secretAccessKey}`;

/** What the command line asks for: options to start with, or an exit code (help, usage error). */
type Parsed = { readonly options: KmsLocalOptions } | { readonly exit: number };

function usageError(message: string): Parsed {
  process.stderr.write(`kms-local: ${message}\n${USAGE}\n`);
  return { exit: 2 };
}

const OPTIONS = {
  regions: { type: 'string' },
  port: { type: 'string', default: '4566' },
  state: { type: 'string' },
  'account-id': { type: 'string' },
  'access-key-id': { type: 'string' },
  'secret-access-key': { type: 'string' },
  'replica-delay-ms': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Reads `start`'s arguments into startKmsLocal options. */
function parseStart(args: readonly string[]): Parsed {
  let values;
  try {
    ({ values } = parseArgs({ args: [...args], options: OPTIONS }));
  } catch (e) {
    return usageError(e instanceof Error ? e.message : String(e));
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return { exit: 0 };
  }
  const regions = (values.regions ?? '').split(',').map((r) => r.trim()).filter(Boolean);
  const port = Number(values.port);
  if (!regions.length || !Number.isInteger(port) || port < 0 || port > 65535) return usageError('--regions is required and --port must be 0..65535');
  const replicaDelayMs = values['replica-delay-ms'] === undefined ? undefined : Number(values['replica-delay-ms']);
  if (replicaDelayMs !== undefined && (!Number.isInteger(replicaDelayMs) || replicaDelayMs < 0)) {
    process.stderr.write('kms-local: --replica-delay-ms must be a non-negative integer\n');
    return { exit: 2 };
  }
  if (Boolean(values['access-key-id']) !== Boolean(values['secret-access-key'])) {
    process.stderr.write('kms-local: --access-key-id and --secret-access-key go together\n');
    return { exit: 2 };
  }
  const options: KmsLocalOptions = {
    regions,
    port,
    ...(values.state ? { stateDir: values.state } : {}),
    ...(replicaDelayMs !== undefined ? { replicaDelayMs } : {}),
    ...(values['account-id'] ? { accountId: values['account-id'] } : {}),
    ...(values['access-key-id'] ? { accessKeyId: values['access-key-id'], secretAccessKey: values['secret-access-key']! } : {}),
  };
  return { options };
}

/** Runs the kms-local command line with `argv` (without node and script). Resolves when serving. */
export async function runKmsLocalCli(argv: readonly string[]): Promise<number | undefined> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command !== 'start') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const parsed = parseStart(rest);
  if ('exit' in parsed) return parsed.exit;
  const local = await startKmsLocal(parsed.options);
  for (const region of parsed.options.regions) process.stdout.write(`${JSON.stringify({ region, endpoint: local.endpoints[region] })}\n`);
  const kept = parsed.options.stateDir ? '' : ' (a new temporary directory at each start: --state DIR keeps keys and aliases across restarts)';
  process.stderr.write(`kms-local: account ${local.accountId}, access key ${local.credentials.accessKeyId}, state in ${local.stateDir}${kept}\n`);
  const stop = (): void => {
    void local.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return undefined;
}
