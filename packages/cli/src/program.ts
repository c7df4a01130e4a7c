/** The `envelope` command line. */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { cryptoBackendInfo } from '@envelope/core';
import { addCommands } from './command_definitions.js';
import { EXIT, OutputClosed, exitCodeOf } from './exit_codes.js';
import { printSafe } from './terminal_text.js';
import { withHint } from './hints.js';

/** The package version (package.json is the one source, so a changesets version bump shows here). */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const EXAMPLES = `
Examples:
  envelope keygen rsa -o escrow                                      # escrow.pem (0600) + escrow.pub.pem
  envelope encrypt -r escrow.pub.pem -i data.bin -o data.bin.envelope # no config: an RSA recipient
  envelope decrypt --identity escrow.pem -i data.bin.envelope -o data.out
  envelope encrypt --kms alias/app --regions us-east-1,eu-west-1 -r escrow.pub.pem -i data.bin -o data.bin.envelope
  envelope encrypt --config envelope.json -i data.bin -o data.bin.envelope -c purpose=backup
  ENVELOPE_CONFIG=envelope.json envelope decrypt -i data.bin.envelope -o data.out --json
  envelope inspect -i data.bin.envelope
  envelope rewrap --config old.json --to new.json -i data.bin.envelope -o data.new.envelope
  envelope kms-local start --regions us-east-1,eu-west-1 --port 4566
  envelope kms-local create-key --port 4566 --regions us-east-1,eu-west-1 --multi-region --alias app

Exit codes: 0 ok, 1 crypto or data error, 2 usage or config error, 3 no key could decrypt.`;

function build(): Command {
  const program = new Command('envelope')
    .description('Envelope encryption with AWS KMS keys in several regions and an offline RSA escrow key.\nMessages use the AWS Encryption SDK message format.')
    .version(`${VERSION} (crypto: ${cryptoBackendInfo().description})`)
    .showHelpAfterError('(envelope --help lists the commands)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .option('-v, --verbose', 'print one line per KMS call to stderr (method, region, key, outcome, ms)')
    .hook('preAction', async (root) => {
      // The KMS packages load only for a command that asks for them.
      if ((root.opts() as { verbose?: boolean }).verbose) (await import('./verbose.js')).printKmsCalls();
    })
    .addHelpText('after', EXAMPLES);
  addCommands(program);
  program
    .command('completion')
    .description('print a shell completion script: bash, zsh or fish')
    .argument('<shell>', 'bash, zsh or fish')
    .addHelpText('after', '\nExamples:\n  source <(envelope completion bash)\n  envelope completion fish > ~/.config/fish/completions/envelope.fish')
    .action(async (shell: string) => void process.stdout.write((await import('./commands/completion.js')).completionScript(program, shell)));
  program
    .command('man')
    .description('print the man page (roff): envelope man > envelope.1; man ./envelope.1')
    .action(async () => void process.stdout.write((await import('./commands/man_page.js')).manPage(program, VERSION, EXAMPLES)));
  return program;
}

/** The help text, as `envelope --help` prints it. */
export function helpText(): string {
  return build().helpInformation();
}

/** Runs the CLI; resolves with the exit code (undefined while a server keeps running). */
export async function main(argv: readonly string[]): Promise<number | undefined> {
  const program = build();
  if (argv.length === 0) {
    // No command: the help, where a person reads it, and a usage exit for a script that forgot one.
    program.outputHelp({ error: true });
    return EXIT.usage;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : argv[0] === 'kms-local' && argv[1] !== 'create-key' ? undefined : EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    if (!(e instanceof OutputClosed)) process.stderr.write(`envelope: ${printSafe(withHint((e as Error)?.message ?? String(e), e))}\n`);
    return exitCodeOf(e);
  }
}
