/** `envelope encrypt` and `envelope decrypt`, of one input (a file or stdin). */
import { EncryptionContextError, MalformedMessageError, decryptStream, encryptStream, type DecryptOptions, type EncryptOptions, type KeyAttempt, type KeyDescription, type Keyring, type MaterialsManager, type MessageHeader } from '@envelope/core';
import { ArmorEncoder } from '../armor.js';
import { chain } from '../internal/chain.js';
import { checkInput, checkOutput, refuseBinaryToTerminal, runPipeline } from '../io.js';
import { CLI_FRAME_LENGTH, contextFrom, parseCommitmentPolicy, parseFrameLength, parseJobs, parseMaxEdks, parseSuite } from '../context_args.js';
import { UsageError } from '../exit_codes.js';
import { isStd } from '../file_checks.js';
import { keyringFromFlags, type KeyringFlags } from '../keyring_flags.js';
import { MessageGate, fileHead, isArmored, notAMessage } from '../message_sniff.js';
import { decryptLent, encryptLent, filesBothWays, headerOfFile } from './crypt_lent.js';
import { noKeyExplained } from '../no_key_report.js';
import { printSafe } from '../terminal_text.js';
import { skippedKey, warnSkipped, type SkippedKey } from '../skipped_keys.js';

export interface CryptFlags extends KeyringFlags {
  input?: string;
  output?: string;
  context?: string[];
  suite?: string;
  frameLength?: string;
  force?: boolean;
  json?: boolean;
  commitmentPolicy?: string;
  jobs?: string;
  armor?: boolean;
  suffix?: string;
  maxEncryptedDataKeys?: string;
}

/** What one encrypt or decrypt of a file needs besides its paths. */
export interface CryptJob {
  readonly keyring: Keyring | MaterialsManager;
  readonly flags: CryptFlags;
}

/** The library options of `encrypt` from its flags (all checked before any key is loaded). */
export function encryptOptions(f: CryptFlags, input: string | undefined): EncryptOptions {
  const commitmentPolicy = parseCommitmentPolicy(f.commitmentPolicy);
  const suiteId = parseSuite(f.suite, commitmentPolicy);
  const jobs = parseJobs(f.jobs, input);
  const maxEdks = parseMaxEdks(f.maxEncryptedDataKeys);
  return {
    encryptionContext: contextFrom(f.context),
    commitmentPolicy,
    ...(suiteId !== undefined ? { suiteId } : {}),
    frameLength: parseFrameLength(f.frameLength) ?? CLI_FRAME_LENGTH,
    ...(jobs > 1 ? { concurrency: jobs } : {}),
    ...(maxEdks !== undefined ? { maxEncryptedDataKeys: maxEdks } : {}),
  };
}

/** Encrypts `input` to `output` through a Transform (stdin, stdout, armor); resolves with the header and the keys skipped. */
async function encryptStreamed(job: CryptJob, options: EncryptOptions, input: string | undefined, output: string | undefined, label: string): Promise<{ header: MessageHeader | undefined; skipped: SkippedKey[] }> {
  const stream = encryptStream(job.keyring, options);
  const transform = job.flags.armor ? chain(stream, new ArmorEncoder()) : stream;
  let header: MessageHeader | undefined;
  let skipped: SkippedKey[] = [];
  stream.on('header', (h: MessageHeader) => (header = h));
  stream.on('skippedKeys', (k: readonly KeyAttempt[]) => (skipped = k.map(skippedKey)));
  await runPipeline({ ...io(input, output), force: job.flags.force === true, transform, label });
  return { header, skipped };
}

/** Encrypts `input` to `output`: file to file through the core's lending writer, else through a Transform. */
export async function encryptOne(job: CryptJob, input: string | undefined, output: string | undefined, label = 'encrypt'): Promise<void> {
  const options = encryptOptions(job.flags, input);
  try {
    const lent = filesBothWays(input, output) && !job.flags.armor;
    const force = job.flags.force === true;
    const { header, skipped } = lent ? await encryptLent(job.keyring, options, { input: input!, output: output!, force, label }) : await encryptStreamed(job, options, input, output, label);
    if (job.flags.json === true) {
      const registry = (await import('@envelope/client')).createRegistry();
      process.stderr.write(`${JSON.stringify({ keys: (header?.encryptedDataKeys ?? []).map((e) => registry.describeEdk(e)), skippedKeys: skipped })}\n`);
    } else warnSkipped(skipped, output && output !== '-' ? output : 'the message');
  } catch (e) {
    // On encrypt the context comes from -c: a reserved or unusable key is a usage error.
    if (e instanceof EncryptionContextError) throw new UsageError(`-c: ${e.message}`, { cause: e });
    throw e;
  }
}

export async function encryptCommand(f: CryptFlags): Promise<void> {
  encryptOptions(f, f.input);
  if (!f.armor) refuseBinaryToTerminal(f.output);
  checkPaths(f); // before any key is loaded or KMS called
  const keyring = await keyringFromFlags(f, 'encrypt', f.input);
  await encryptOne({ keyring, flags: f }, f.input, f.output);
}

/** What `decrypt` reports about the key that opened the message. */
export interface DecryptReport {
  providerId?: string;
  keyId?: string;
  region?: string;
  tried: { keyring: string; keyId: string; region?: string; reason?: string }[];
}

function decryptOptions(f: CryptFlags, input: string | undefined): DecryptOptions {
  const jobs = parseJobs(f.jobs, input);
  const maxEdks = parseMaxEdks(f.maxEncryptedDataKeys);
  return {
    encryptionContext: contextFrom(f.context),
    commitmentPolicy: parseCommitmentPolicy(f.commitmentPolicy),
    ...(jobs > 1 ? { concurrency: jobs } : {}),
    ...(maxEdks !== undefined ? { maxEncryptedDataKeys: maxEdks } : {}),
  };
}

/** Refuses, before any key is loaded, an input file that is not a message (naming what it is). */
export function checkMessageFile(input: string | undefined): void {
  if (isStd(input)) return;
  const problem = notAMessage(fileHead(input!), input!);
  if (problem) throw new MalformedMessageError(problem);
}

/** What `decrypt` reports, from the key that opened the message and those tried before it. */
function reportOf(by: KeyDescription | undefined, attempts: readonly KeyAttempt[]): DecryptReport {
  return {
    ...(by ? { providerId: by.providerId, keyId: by.keyId, ...(by.region ? { region: by.region } : {}) } : {}),
    tried: attempts.map((a) => ({ keyring: a.keyring, keyId: a.keyId, ...(a.region ? { region: a.region } : {}), ...(a.reason ? { reason: a.reason } : {}) })),
  };
}

/**
 * Decrypts `input` to `output`; resolves with which key opened it. A binary message from a file to
 * a file goes through the core's lending reader, anything else (stdin, stdout, armor) through a Transform.
 */
export async function decryptOne(job: CryptJob, input: string | undefined, output: string | undefined, label = 'decrypt'): Promise<DecryptReport> {
  const options = decryptOptions(job.flags, input);
  if (filesBothWays(input, output)) {
    checkInput(input);
    const head = fileHead(input!);
    const problem = notAMessage(head, input!);
    if (problem) throw new MalformedMessageError(problem);
    if (!isArmored(head)) {
      const explain = noKeyExplained({ get header() { return headerOfFile(input!); } }, job.flags);
      const ends = { input: input!, output: output!, force: job.flags.force === true, label };
      const r = await decryptLent(job.keyring, options, ends).catch(async (e: unknown) => {
        throw await explain(e);
      });
      return reportOf(r.decryptedBy, r.attempts);
    }
  }
  return decryptStreamed(job, options, input, output, label);
}

/** Decrypts through a Transform (stdin, stdout, armor). */
async function decryptStreamed(job: CryptJob, options: DecryptOptions, input: string | undefined, output: string | undefined, label: string): Promise<DecryptReport> {
  const stream = decryptStream(job.keyring, options);
  let info: DecryptReport = { tried: [] };
  stream.on('decryptedBy', (by: KeyDescription | undefined, attempts: readonly KeyAttempt[]) => {
    info = reportOf(by, attempts);
  });
  const gate = new MessageGate(isStd(input) ? 'stdin' : input!);
  const explain = noKeyExplained(gate, job.flags);
  const transform = chain(gate, stream);
  await runPipeline({ ...io(input, output), force: job.flags.force === true, transform, label }).catch(async (e: unknown) => {
    throw await explain(e);
  });
  return info;
}

export async function decryptCommand(f: CryptFlags, report: (r: DecryptReport) => void = printReport(f.json === true)): Promise<void> {
  decryptOptions(f, f.input);
  checkPaths(f);
  checkMessageFile(f.input);
  const keyring = await keyringFromFlags(f, 'decrypt', f.input);
  report(await decryptOne({ keyring, flags: f }, f.input, f.output));
}

function checkPaths(f: CryptFlags): void {
  checkInput(f.input);
  checkOutput(f.output, f.force === true);
}

function io(input: string | undefined, output: string | undefined): { input?: string; output?: string } {
  return { ...(input ? { input } : {}), ...(output ? { output } : {}) };
}

/** One line on stderr: which key opened the message (JSON with --json). */
export function printReport(json: boolean): (r: DecryptReport) => void {
  return (r) => {
    if (json) {
      process.stderr.write(`${JSON.stringify(r)}\n`);
      return;
    }
    const who = r.keyId ? `${r.providerId} ${r.keyId}${r.region ? ` (${r.region})` : ''}` : 'the configured keyring';
    const tried = r.tried.length ? `; tried first: ${r.tried.map((t) => `${t.keyId}${t.region ? ` (${t.region})` : ''}: ${t.reason ?? 'failed'}`).join('; ')}` : '';
    process.stderr.write(`envelope: decrypted with ${printSafe(who)}${printSafe(tried)}\n`);
  };
}
