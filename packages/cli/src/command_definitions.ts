/**
 * The commands of `envelope`, their flags and help, as commander definitions. Help, shell
 * completion and the man page are all generated from these definitions.
 */
import { Command, Option } from 'commander';
import { collectPair } from './context_args.js';
import type { CryptFlags } from './commands/crypt.js';

/**
 * Each command's module is loaded when the command runs: `envelope encrypt` on a big file does not
 * load what `rewrap`, `keystore` or a KMS keyring need (start-up time and resident memory).
 */
async function cryptAction(mode: 'encrypt' | 'decrypt', files: string[], o: CryptFlags): Promise<void> {
  if (files.length) return (await import('./commands/batch.js')).batchCommand(mode, files, o);
  const crypt = await import('./commands/crypt.js');
  return mode === 'encrypt' ? crypt.encryptCommand(o) : crypt.decryptCommand(o);
}

/** The hint shown after a usage error, instead of the whole help scrolling the error away. */
const helpHint = (c: Command): Command => c.showHelpAfterError(`(envelope ${c.name()} --help lists its options and examples)`);

const examples = (...lines: string[]): string => `\nExamples:\n${lines.map((l) => `  ${l}`).join('\n')}`;

/** The flags every encrypt/decrypt shares; `keys` adds the command's own key flags first. */
function common(c: Command, keys: (c: Command) => Command): Command {
  return keys(helpHint(c))
    .option('--config <file>', 'keyring config file (JSON); default $ENVELOPE_CONFIG')
    .option('--kms <key>', 'AWS KMS key ARN, or alias/key id placed by --regions (repeatable; no config)', collectPair)
    .option('--regions <r1,r2>', 'regions of the --kms aliases and key ids, the first is local')
    .option('-i, --input <file>', 'input file, - for stdin (default)')
    .option('-o, --output <file>', 'output file, - for stdout (default)')
    .option('-c, --context <key=value>', 'encryption context pair (repeatable)', collectPair)
    .option('--force', 'overwrite an existing output file (never a device or a pipe)')
    .argument('[files...]', 'files or directories, each written beside itself (FILE.envelope and back; see --suffix)')
    .option('--suffix <ext>', 'with files: the suffix of encrypted files', '.envelope')
    .option('--max-encrypted-data-keys <n>', 'refuse a message with more encrypted data keys (decrypt), or a keyring that makes more (encrypt)')
    .option('--jobs <n>', "threads: frames under 8 KiB spread over them, or a signed suite's SHA-384 on a second one; auto: all cores for input files over 16 MiB; default 2 when the native addon hashes on a thread of its own and a second core is there, else 1 (--jobs 1: one thread)");
}

function addEncrypt(program: Command): void {
  common(program.command('encrypt').description('encrypt a file or stream'), (c) =>
    c.option('-r, --recipient <pem>', 'RSA public key to encrypt to, OAEP-SHA256 (repeatable; no config)', collectPair),
  )
    .option('--suite <id>', 'algorithm suite, e.g. 0x0478 (default 0x0578)')
    .option('--frame-length <bytes>', "frame length in bytes, 0 for non-framed (default 65536; the library's is 4096)")
    .option('--commitment-policy <policy>', 'require-encrypt-require-decrypt (default) or forbid-encrypt-allow-decrypt for legacy suites')
    .option('--json', 'print the keys the message has, and any skipped under minKeys, as one JSON line on stderr')
    .option('--armor', 'write the message as text (-----BEGIN ENVELOPE MESSAGE-----, base64) that survives copy-paste')
    .addHelpText(
      'after',
      examples(
        'envelope encrypt -r escrow.pub.pem -i data.bin -o data.bin.envelope',
        'envelope encrypt --config envelope.json -i data.bin -o data.bin.envelope -c tenant=acme',
        'envelope encrypt --config envelope.json --suffix .envelope reports/     # every file: FILE.envelope beside it',
      ),
    )
    .action((files: string[], o: CryptFlags) => cryptAction('encrypt', files, o));
}

function addDecrypt(program: Command): void {
  common(program.command('decrypt').description('decrypt a file or stream (-c pairs must be present)'), (c) =>
    c
      .option('--identity <pem>', 'RSA private key of an -r recipient (repeatable; no config)', collectPair)
      .option('--passphrase-env <var>', 'environment variable holding the passphrase of an encrypted --identity')
      .option('--discovery', 'any AWS KMS key of the --discovery-account accounts may open the message, in the region its ARN names (no config)')
      .option('--discovery-account <id>', 'with --discovery: an AWS account id whose KMS keys are tried (repeatable, required)', collectPair)
      .option('--discovery-partition <p>', 'with --discovery: the AWS partition (default aws)'),
  )
    .option('--commitment-policy <policy>', 'require-encrypt-require-decrypt (default); require-encrypt-allow-decrypt also opens v1 messages, which have no key commitment')
    .option('--json', 'print which key decrypted, and which were tried, as one JSON line on stderr')
    .option('--armor', 'the input is an armored message (recognised without this flag too)')
    .addHelpText(
      'after',
      examples(
        'envelope decrypt --identity escrow.pem -i data.bin.envelope -o data.bin',
        'envelope decrypt --config envelope.json -i data.bin.envelope -o data.bin -c tenant=acme --json',
        'envelope decrypt --config envelope.json reports/   # every FILE.envelope: FILE beside it; other files skipped',
      ),
    )
    .action((files: string[], o: CryptFlags) => cryptAction('decrypt', files, o));
}

function addRewrap(program: Command): void {
  helpHint(program.command('rewrap'))
    .description('new keys for a message (v2: new message id, body sealed again; no --to: repair under FROM)')
    .option('--config <file>', 'FROM: the config whose keys open the message; default $ENVELOPE_CONFIG')
    .option('--to <file>', 'TO: the config whose keys the new message gets (default FROM)')
    .option('-i, --input <file>', 'input file, - for stdin (default)')
    .option('-o, --output <file>', 'output file, - for stdout (default)')
    .option('--in-place <files...>', "rewrap these files, each replaced atomically once it verified (a symlink's target is rewritten; a file with other hard links is refused); a summary, exit non-zero if any failed")
    .option('--allow-fewer-keys', 'accept a new message with fewer keys, providers or regions than the old one (a key skipped while its region is down)')
    .option('-c, --context <key=value>', 'encryption context pair the message must have (repeatable)', collectPair)
    .option('--force', 'overwrite an existing output file (never a device or a pipe)')
    .option('--commitment-policy <policy>', 'require-encrypt-require-decrypt (default); require-encrypt-allow-decrypt also rewraps v1 messages')
    .option('--json', 'per message, one JSON line on stderr: which key opened it, which keys it now has, which were skipped')
    .addHelpText('after', examples('envelope rewrap --config old.json --to new.json -i data.envelope -o data.new.envelope', 'envelope rewrap --config envelope.json --in-place *.envelope --json     # repair: add keys missed during an outage'))
    .action(async (o) => (await import('./commands/rewrap.js')).rewrapCommand(o));
}

function addInspectAndKeygen(program: Command): void {
  helpHint(program.command('inspect'))
    .description('show the header of a message: suite, encrypted data keys (provider, key, region), context')
    .option('-i, --input <file>', 'input file, - for stdin (default)')
    .option('--json', 'machine-readable output')
    .action(async (o) => (await import('./commands/inspect.js')).inspectCommand(o));
  helpHint(program.command('keygen'))
    .description('generate an escrow key pair: PREFIX.pem (0600) and PREFIX.pub.pem')
    .argument('<kind>', 'rsa')
    .option('--bits <n>', 'RSA modulus size', '4096')
    .option('-o, --output <prefix>', 'output file prefix')
    .addOption(new Option('--out <prefix>', 'output file prefix (old name of -o)').hideHelp())
    .option('--passphrase-env <var>', 'encrypt the private key (PKCS#8, AES-256) with the passphrase in this environment variable')
    .option('--no-passphrase', 'do not ask for a passphrase on a terminal')
    .option('--force', 'overwrite existing files (replaced by new files, never written through)')
    .addHelpText('after', `\nOn a terminal keygen asks for a passphrase (empty: none).\n${examples('envelope keygen rsa -o escrow', 'ESCROW_PASS=… envelope keygen rsa --bits 4096 -o escrow --passphrase-env ESCROW_PASS')}`)
    .action(async (kind: string, o) => (await import('./commands/keygen.js')).keygenCommand(kind, o));
}

async function kmsLocalAction(args: string[]): Promise<void> {
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
}

function addKmsLocalAndDemo(program: Command): void {
  program
    .command('kms-local')
    .description('a local KMS-compatible server: start --regions r1,r2 [--port 4566] [--state DIR] ...;\ncreate-key --port P --regions r1,r2 [--multi-region] [--alias NAME]')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument('[args...]')
    .action(kmsLocalAction);
  program
    .command('demo')
    .description('lose a region, then all of KMS, and still read the data (runs on kms-local)')
    .action(async () => (await import('./commands/demo.js')).demoCommand());
}

function addKeystore(program: Command): void {
  helpHint(program.command('keystore'))
    .description("administer the branch key store of the config's hierarchical keyring")
    .argument('<op>', 'create-table | create-key | version-key')
    .option('--config <file>', 'config with a hierarchical keyring; default $ENVELOPE_CONFIG')
    .option('--branch-key-id <id>', "the branch key (default: the keyring's branchKeyId)")
    .addHelpText('after', examples('envelope keystore create-table --config hierarchy.json', 'envelope keystore create-key --config hierarchy.json', 'envelope keystore version-key --config hierarchy.json --branch-key-id tenant-42'))
    .action(async (op: string, o) => (await import('./commands/keystore.js')).keystoreCommand(op, o));
}

/** Adds every command to `program`. */
export function addCommands(program: Command): void {
  addEncrypt(program);
  addDecrypt(program);
  addRewrap(program);
  addInspectAndKeygen(program);
  addKmsLocalAndDemo(program);
  addKeystore(program);
}
