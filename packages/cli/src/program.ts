/** The `envelope` command line. */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { collectPair } from './context_args.js';
import { decryptCommand, encryptCommand } from './commands/crypt.js';
import { inspectCommand } from './commands/inspect.js';
import { keygenCommand } from './commands/keygen.js';
import { EXIT, OutputClosed, exitCodeOf } from './exit_codes.js';
import { printSafe } from './terminal_text.js';
import { printKmsCalls } from './verbose.js';

/** The package version (package.json is the one source, so a changesets version bump shows here). */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const EXAMPLES = `
Examples:
  envelope keygen rsa -o escrow                              # escrow.pem (0600) + escrow.pub.pem
  envelope encrypt -r escrow.pub.pem -i data.bin -o data.env # no config: an RSA recipient
  envelope decrypt --identity escrow.pem -i data.env -o data.bin
  envelope encrypt --kms alias/app --regions us-east-1,eu-west-1 -r escrow.pub.pem -i data.bin -o data.env
  envelope encrypt --config envelope.json -i data.bin -o data.env -c purpose=backup
  ENVELOPE_CONFIG=envelope.json envelope decrypt -i data.env -o data.bin --json
  envelope inspect -i data.env
  envelope rewrap --config old.json --to new.json -i data.env -o data.new.env
  envelope kms-local start --regions us-east-1,eu-west-1 --port 4566
  envelope kms-local create-key --port 4566 --regions us-east-1,eu-west-1 --multi-region --alias app
  envelope keystore create-table --config hierarchy.json

Exit codes: 0 ok, 1 crypto or data error, 2 usage or config error, 3 no key could decrypt.`;

/** The flags every encrypt/decrypt shares; `keys` adds the command's own key flags first. */
function common(c: Command, keys: (c: Command) => Command): Command {
  return keys(c)
    .option('--config <file>', 'keyring config file (JSON); default $ENVELOPE_CONFIG')
    .option('--kms <key>', 'AWS KMS key ARN, or alias/key id placed by --regions (repeatable; no config)', collectPair)
    .option('--regions <r1,r2>', 'regions of the --kms aliases and key ids, the first is local')
    .option('-i, --input <file>', 'input file, - for stdin (default)')
    .option('-o, --output <file>', 'output file, - for stdout (default)')
    .option('-c, --context <key=value>', 'encryption context pair (repeatable)', collectPair)
    .option('--force', 'overwrite an existing output file (never a device or a pipe)')
    .option('--jobs <n>', "threads (default 1): frames under 8 KiB spread over them, or a signed suite's SHA-384 on a second one; auto: all cores for input files over 16 MiB");
}

function build(): Command {
  const program = new Command('envelope')
    .description('Envelope encryption with AWS KMS keys in several regions and an offline RSA escrow key.\nMessages use the AWS Encryption SDK message format.')
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .option('-v, --verbose', 'print one line per KMS call to stderr (method, region, key, outcome, ms)')
    .hook('preAction', (root) => {
      if ((root.opts() as { verbose?: boolean }).verbose) printKmsCalls();
    })
    .addHelpText('after', EXAMPLES);
  common(program.command('encrypt').description('encrypt a file or stream'), (c) =>
    c.option('-r, --recipient <pem>', 'RSA public key to encrypt to, OAEP-SHA256 (repeatable; no config)', collectPair),
  )
    .option('--suite <id>', 'algorithm suite, e.g. 0x0478 (default 0x0578)')
    .option('--frame-length <bytes>', 'frame length in bytes, 0 for non-framed (default 65536; the library\'s is 4096)')
    .option('--commitment-policy <policy>', 'require-encrypt-require-decrypt (default) or forbid-encrypt-allow-decrypt for legacy suites')
    .addHelpText('after', '\nExamples:\n  envelope encrypt -r escrow.pub.pem -i data.bin -o data.env\n  envelope encrypt --config envelope.json -i data.bin -o data.env -c tenant=acme')
    .action((o) => encryptCommand(o));
  common(program.command('decrypt').description('decrypt a file or stream (-c pairs must be present)'), (c) =>
    c
      .option('--identity <pem>', 'RSA private key of an -r recipient (repeatable; no config)', collectPair)
      .option('--passphrase-env <var>', 'environment variable holding the passphrase of an encrypted --identity'),
  )
    .option('--commitment-policy <policy>', 'require-encrypt-require-decrypt (default); require-encrypt-allow-decrypt also opens v1 messages, which have no key commitment')
    .option('--json', 'print which key decrypted, and which were tried, as one JSON line on stderr')
    .addHelpText('after', '\nExamples:\n  envelope decrypt --identity escrow.pem -i data.env -o data.bin\n  envelope decrypt --config envelope.json -i data.env -o data.bin -c tenant=acme --json')
    .action((o) => decryptCommand(o));
  program
    .command('rewrap')
    .description('new keys for a message, body unchanged (no --to: repair under FROM)')
    .option('--config <file>', 'FROM: the config whose keys open the message; default $ENVELOPE_CONFIG')
    .option('--to <file>', 'TO: the config whose keys the new message gets (default FROM)')
    .option('-i, --input <file>', 'input file, - for stdin (default)')
    .option('-o, --output <file>', 'output file, - for stdout (default)')
    .option('--in-place <files...>', 'rewrap these files, each replaced atomically once it verified; a summary, exit non-zero if any failed')
    .option('-c, --context <key=value>', 'encryption context pair the message must have (repeatable)', collectPair)
    .option('--force', 'overwrite an existing output file (never a device or a pipe)')
    .option('--commitment-policy <policy>', 'require-encrypt-require-decrypt (default); require-encrypt-allow-decrypt also rewraps v1 messages')
    .option('--json', 'per message, one JSON line on stderr: which key opened it, which keys it now has')
    .addHelpText('after', '\nExamples:\n  envelope rewrap --config old.json --to new.json -i data.env -o data.new.env\n  envelope rewrap --config envelope.json --in-place *.env --json     # repair: add keys missed during an outage')
    .action(async (o) => (await import('./commands/rewrap.js')).rewrapCommand(o));
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
    .option('-o, --output <prefix>', 'output file prefix')
    .addOption(new Option('--out <prefix>', 'output file prefix (old name of -o)').hideHelp())
    .option('--passphrase-env <var>', 'encrypt the private key (PKCS#8, AES-256) with the passphrase in this environment variable')
    .option('--no-passphrase', 'do not ask for a passphrase on a terminal')
    .option('--force', 'overwrite existing files (replaced by new files, never written through)')
    .addHelpText('after', '\nOn a terminal keygen asks for a passphrase (empty: none).\n\nExamples:\n  envelope keygen rsa -o escrow\n  ESCROW_PASS=… envelope keygen rsa --bits 4096 -o escrow --passphrase-env ESCROW_PASS')
    .action((kind, o) => keygenCommand(kind, o));
  program
    .command('kms-local')
    .description('a local KMS-compatible server: start --regions r1,r2 [--port 4566] [--state DIR] ...;\ncreate-key --port P --regions r1,r2 [--multi-region] [--alias NAME]')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument('[args...]')
    .action(async (args: string[]) => {
      if (args[0] === 'create-key') {
        const { createKeyCommand } = await import('./commands/kms_local_create_key.js');
        await createKeyCommand(args.slice(1));
        return;
      }
      const { runKmsLocalCli } = await import('@envelope/kms-local');
      const code = await runKmsLocalCli(args);
      if (args.length === 0 || ['--help', '-h', 'help'].includes(args[0]!)) {
        // kms-local's own usage knows `start`; create-key is the CLI's.
        process[args.length === 0 ? 'stderr' : 'stdout'].write(`\n${(await import('./commands/kms_local_create_key.js')).CREATE_KEY_USAGE}\n`);
      }
      if (code !== undefined) process.exitCode = code;
    });
  program
    .command('keystore')
    .description("administer the branch key store of the config's hierarchical keyring")
    .argument('<op>', 'create-table | create-key | version-key')
    .option('--config <file>', 'config with a hierarchical keyring; default $ENVELOPE_CONFIG')
    .option('--branch-key-id <id>', "the branch key (default: the keyring's branchKeyId)")
    .action(async (action: string, o) => (await import('./commands/keystore.js')).keystoreCommand(action, o));
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
    return typeof process.exitCode === 'number' ? process.exitCode : argv[0] === 'kms-local' && argv[1] !== 'create-key' ? undefined : EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    if (!(e instanceof OutputClosed)) process.stderr.write(`envelope: ${printSafe((e as Error)?.message ?? String(e))}\n`);
    return exitCodeOf(e);
  }
}
