/**
 * The `kms-local start --regions r1,r2 [--port 4566] [--state DIR] [--account-id N]
 *   [--access-key-id X --secret-access-key Y]`: prints one JSON line per region, then serves until
 * SIGINT/SIGTERM. Also run by `envelope kms-local start`.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_CREDENTIALS, startKmsLocal } from './server.js';

const USAGE = `Usage: kms-local start --regions us-east-1,eu-west-1 [--port 4566] [--state DIR]
                       [--account-id 111122223333] [--access-key-id X --secret-access-key Y]
                       [--replica-delay-ms 200]

A KMS-compatible server for tests and demos (NOT a KMS: never put real secrets in it).
Region i listens on 127.0.0.1:(port + i); --port 0 picks free ports. A ReplicateKey replica
stays in the Creating state for --replica-delay-ms (as on AWS, poll DescribeKey before using it).
Default credentials: ${DEFAULT_CREDENTIALS.accessKeyId} / ${DEFAULT_CREDENTIALS.secretAccessKey}`;

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
  let values;
  try {
    ({ values } = parseArgs({
      args: [...rest],
      options: {
        regions: { type: 'string' },
        port: { type: 'string', default: '4566' },
        state: { type: 'string' },
        'account-id': { type: 'string' },
        'access-key-id': { type: 'string' },
        'secret-access-key': { type: 'string' },
        'replica-delay-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    process.stderr.write(`kms-local: ${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const regions = (values.regions ?? '').split(',').map((r) => r.trim()).filter(Boolean);
  const port = Number(values.port);
  if (!regions.length || !Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`kms-local: --regions is required and --port must be 0..65535\n${USAGE}\n`);
    return 2;
  }
  const replicaDelayMs = values['replica-delay-ms'] === undefined ? undefined : Number(values['replica-delay-ms']);
  if (replicaDelayMs !== undefined && (!Number.isInteger(replicaDelayMs) || replicaDelayMs < 0)) {
    process.stderr.write('kms-local: --replica-delay-ms must be a non-negative integer\n');
    return 2;
  }
  if (Boolean(values['access-key-id']) !== Boolean(values['secret-access-key'])) {
    process.stderr.write('kms-local: --access-key-id and --secret-access-key go together\n');
    return 2;
  }
  const local = await startKmsLocal({
    regions,
    port,
    ...(values.state ? { stateDir: values.state } : {}),
    ...(replicaDelayMs !== undefined ? { replicaDelayMs } : {}),
    ...(values['account-id'] ? { accountId: values['account-id'] } : {}),
    ...(values['access-key-id'] ? { accessKeyId: values['access-key-id'], secretAccessKey: values['secret-access-key']! } : {}),
  });
  for (const region of regions) process.stdout.write(`${JSON.stringify({ region, endpoint: local.endpoints[region] })}\n`);
  const kept = values.state ? '' : ' (a new temporary directory at each start: --state DIR keeps keys and aliases across restarts)';
  process.stderr.write(`kms-local: account ${local.accountId}, access key ${local.credentials.accessKeyId}, state in ${local.stateDir}${kept}\n`);
  const stop = (): void => {
    void local.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return undefined;
}

