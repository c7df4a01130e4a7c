/** The `envelope` command line. */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { collectPair } from './context_args.js';
import { decryptCommand, encryptCommand } from './commands/crypt.js';
import { inspectCommand } from './commands/inspect.js';
import { keygenCommand } from './commands/keygen.js';
import { EXIT, exitCodeOf } from './exit_codes.js';

/** The package version (package.json is the one source, so a changesets version bump shows here). */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

function build(): Command {
  const program = new Command('envelope')
    .description('Envelope encryption with AWS KMS keys in several regions and an offline RSA escrow key.\nMessages use the AWS Encryption SDK message format.')
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .addHelpText('after', '\nExit codes: 0 ok, 1 crypto or data error, 2 usage or config error, 3 no key could decrypt.');
  const common = (c: Command): Command =>
    c
      .requiredOption('--config <file>', 'keyring config file (JSON)')
      .option('-i, --input <file>', 'input file, - for stdin (default)')
      .option('-o, --output <file>', 'output file, - for stdout (default)')
      .option('-c, --context <key=value>', 'encryption context pair (repeatable)', collectPair)
      .option('--force', 'overwrite an existing output file');
  common(program.command('encrypt').description('encrypt a file or stream'))
    .option('--suite <id>', 'algorithm suite, e.g. 0x0478 (default 0x0578)')
    .option('--frame-length <bytes>', 'frame length, 0 for non-framed (default 4096)')
    .action((o) => encryptCommand(o));
  common(program.command('decrypt').description('decrypt a file or stream (-c pairs must be present)'))
    .option('--json', 'print which key decrypted, and which were tried, as one JSON line on stderr')
    .action((o) => decryptCommand(o));
  program
    .command('inspect')
    .description('show the header of a message: suite, encrypted data keys (provider, key, region), context')
    .option('-i, --input <file>', 'input file, - for stdin (default)')
    .option('--json', 'machine-readable output')
    .action((o) => inspectCommand(o));
  program
    .command('keygen')
    .description('generate an escrow key pair: PREFIX.pem (0600) and PREFIX.pub.pem')
    .argument('<kind>', 'rsa')
    .option('--bits <n>', 'RSA modulus size', '4096')
    .option('--out <prefix>', 'output file prefix')
    .option('--force', 'overwrite existing files')
    .action((kind, o) => keygenCommand(kind, o));
  program
    .command('kms-local')
    .description('run a local KMS-compatible server (start --regions r1,r2 [--port 4566] [--state DIR] ...)')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument('[args...]')
    .action(async (args: string[]) => {
      const { runKmsLocalCli } = await import('@envelope/kms-local');
      const code = await runKmsLocalCli(args);
      if (code !== undefined) process.exitCode = code;
    });
  program
    .command('demo')
    .description('lose a region, then all of KMS, and still read the data (runs on kms-local)')
    .action(async () => (await import('./commands/demo.js')).demoCommand());
  return program;
}

/** The help text, as `envelope --help` prints it. */
export function helpText(): string {
  return build().helpInformation();
}

/** Runs the CLI; resolves with the exit code (undefined while a server keeps running). */
export async function main(argv: readonly string[]): Promise<number | undefined> {
  const program = build();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : argv[0] === 'kms-local' ? undefined : EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    process.stderr.write(`envelope: ${(e as Error)?.message ?? String(e)}\n`);
    return exitCodeOf(e);
  }
}
