/**
 * `envelope rewrap`: the same message under other keys (v2: a new message id and the body sealed
 * again; v1: the body unchanged). FROM (the config that opens it) and TO (the keys it gets; default
 * FROM itself, which repairs a message that missed keys when it was written). One message (-i/-o),
 * or many files replaced in place. A new message with fewer keys, providers or regions than the old
 * one (a key skipped while its region is down) is refused unless --allow-fewer-keys.
 */
import { openSync, readSync, closeSync } from 'node:fs';
import {
  KeyringError,
  createRegistry,
  keyringFromConfig,
  parseHeader,
  managerFromConfig,
  rewrapStream,
  type CommitmentPolicy,
  type EncryptionContext,
  type KeyAttempt,
  type KeyDescription,
  type Keyring,
  type MaterialsManager,
  type MessageHeader,
} from '@envelope/client';
import { refuseBinaryToTerminal, runPipeline } from '../io.js';
import { contextFrom, parseCommitmentPolicy } from '../context_args.js';
import { UsageError, exitCodeOf } from '../exit_codes.js';
import { printSafe } from '../terminal_text.js';
import { inPlaceTarget } from '../in_place.js';
import { skippedKey, warnSkipped, type SkippedKey } from '../skipped_keys.js';
import { notAMessageFile } from '../message_sniff.js';

export interface RewrapFlags {
  config?: string;
  to?: string;
  input?: string;
  output?: string;
  context?: string[];
  force?: boolean;
  json?: boolean;
  commitmentPolicy?: string;
  inPlace?: string[];
  allowFewerKeys?: boolean;
}

/** What `rewrap` reports per message. */
export interface RewrapReport {
  file: string;
  ok: boolean;
  /** The key of FROM that opened it. */
  decryptedBy?: KeyDescription;
  /** Keys of FROM tried before it. */
  tried?: { keyring: string; keyId: string; region?: string; reason?: string }[];
  /** The keys the new message has. */
  keys?: KeyDescription[];
  /** Keys of TO skipped under its minKeys (a region down), with their regions. */
  skippedKeys?: SkippedKey[];
  error?: string;
  exitCode?: number;
}

interface Job {
  readonly from: MaterialsManager;
  readonly to: Keyring;
  readonly commitmentPolicy: CommitmentPolicy;
  readonly encryptionContext: EncryptionContext;
  readonly allowFewerKeys: boolean;
}

export async function rewrapCommand(f: RewrapFlags): Promise<void> {
  const commitmentPolicy = parseCommitmentPolicy(f.commitmentPolicy);
  const encryptionContext = contextFrom(f.context);
  const fromPath = f.config ?? (process.env['ENVELOPE_CONFIG'] || undefined);
  if (!fromPath) throw new UsageError('rewrap needs --config FROM.json (or ENVELOPE_CONFIG): the keys that open the message');
  const files = f.inPlace;
  if (files && (f.input !== undefined || f.output !== undefined)) throw new UsageError('--in-place replaces the files it is given: no -i/-o with it');
  if (files?.length === 0) throw new UsageError('--in-place needs at least one file');
  if (!files) refuseBinaryToTerminal(f.output);
  const job: Job = { from: await managerFromConfig(fromPath), to: await keyringFromConfig(f.to ?? fromPath), commitmentPolicy, encryptionContext, allowFewerKeys: f.allowFewerKeys === true };
  const print = printer(f.json === true);
  if (!files) {
    const input = f.input ?? '-';
    try {
      print(await rewrapOne(job, input, f.output ?? '-', f.force === true, 'rewrap'));
    } catch (e) {
      // The error itself is printed by the bin; --json gets its line too, with any skipped keys.
      if (f.json === true) print({ file: input, ok: false, error: (e as Error)?.message ?? String(e), exitCode: exitCodeOf(e), ...skippedOf(e) });
      throw e;
    }
    return;
  }
  const failed: RewrapReport[] = [];
  const todo = messagesOnly(files);
  for (const [i, file] of todo.entries()) {
    let r: RewrapReport;
    try {
      // The link's target (or the file), replaced by a temp file renamed over it in its directory, fsynced.
      const target = inPlaceTarget(file);
      r = { ...(await rewrapOne(job, target, target, true, `rewrap ${i + 1}/${todo.length}`, true)), file };
    } catch (e) {
      r = { file, ok: false, error: (e as Error)?.message ?? String(e), exitCode: exitCodeOf(e), ...skippedOf(e) };
      failed.push(r);
    }
    print(r);
  }
  const ok = todo.length - failed.length;
  if (f.json !== true || failed.length || todo.length < files.length) {
    process.stderr.write(`envelope: rewrapped ${ok} of ${todo.length} file${todo.length === 1 ? '' : 's'}${todo.length < files.length ? `, skipped ${files.length - todo.length}` : ''}${failed.length ? `; failed: ${failed.map((x) => printSafe(x.file)).join(', ')} (left as they were)` : ''}\n`);
  }
  if (failed.length) process.exitCode = failed[0]!.exitCode ?? 1;
}

/** The files that may be messages; each other one (a dotenv file a glob caught) is skipped with a warning, never rewritten. */
function messagesOnly(files: readonly string[]): string[] {
  return files.filter((file) => {
    const problem = notAMessageFile(file);
    if (problem) process.stderr.write(`envelope: skipped ${printSafe(problem)}\n`);
    return problem === undefined;
  });
}

/** Rewraps one message from `input` to `output` (written only once the whole message verified). */
async function rewrapOne(job: Job, input: string, output: string, force: boolean, label: string, durable = false): Promise<RewrapReport> {
  const transform = rewrapStream({ from: job.from, to: job.to, commitmentPolicy: job.commitmentPolicy, encryptionContext: job.encryptionContext, allowFewerKeys: job.allowFewerKeys });
  const registry = createRegistry();
  const before = job.allowFewerKeys ? undefined : placesOf(registry, oldHeaderOf(input));
  let header: MessageHeader | undefined;
  let by: KeyDescription | undefined;
  let attempts: readonly KeyAttempt[] = [];
  let skipped: readonly KeyAttempt[] = [];
  transform.on('header', (h: MessageHeader) => {
    header = h;
    const lost = before ? [...before].filter((p) => !placesOf(registry, h).has(p)) : [];
    if (lost.length) transform.destroy(new KeyringError(`rewrap: the new message would have no key in ${lost.join(', ')}; nothing was written (--allow-fewer-keys accepts it)`));
  });
  transform.on('decryptedBy', (d: KeyDescription | undefined, a: readonly KeyAttempt[]) => {
    by = d;
    attempts = a;
  });
  transform.on('skippedKeys', (k: readonly KeyAttempt[]) => (skipped = k));
  try {
    await runPipeline({ ...(input !== '-' ? { input } : {}), ...(output !== '-' ? { output } : {}), force, transform, label, durable });
  } catch (e) {
    throw forCli(e);
  }
  return {
    file: input,
    ok: true,
    ...(by ? { decryptedBy: by } : {}),
    tried: attempts.map((a) => ({ keyring: a.keyring, keyId: a.keyId, ...(a.region ? { region: a.region } : {}), ...(a.reason ? { reason: a.reason } : {}) })),
    keys: (header?.encryptedDataKeys ?? []).map((e) => registry.describeEdk(e)),
    ...(skipped.length ? { skippedKeys: skipped.map(skippedKey) } : {}),
  };
}

/** The library's fewer-keys refusal, worded with the CLI's flag. */
function forCli(e: unknown): unknown {
  if (!(e instanceof KeyringError) || !e.message.includes('allowFewerKeys')) return e;
  return new KeyringError(e.message.replace('allowFewerKeys', '--allow-fewer-keys'), e.attempts, { cause: e });
}

function skippedOf(e: unknown): { skippedKeys?: SkippedKey[] } {
  return e instanceof KeyringError && e.attempts.length ? { skippedKeys: e.attempts.map(skippedKey) } : {};
}

/** The header of the message in file `input` (undefined for stdin or a file too short to hold one: the stream says why). */
function oldHeaderOf(input: string): MessageHeader | undefined {
  if (input === '-') return undefined;
  const fd = openSync(input, 'r');
  try {
    const b = Buffer.alloc(1024 * 1024);
    const n = readSync(fd, b, 0, b.length, 0);
    return parseHeader(b.subarray(0, n))?.header;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** The places a message's keys are in: each KMS region, each other key provider. */
function placesOf(registry: ReturnType<typeof createRegistry>, h: MessageHeader | undefined): Set<string> {
  if (!h) return new Set();
  return new Set(h.encryptedDataKeys.map((e) => registry.describeEdk(e)).map((d) => (d.region ? `region ${d.region}` : `provider ${d.providerId}`)));
}

const keyText = (k: KeyDescription): string => `${k.providerId === 'aws-kms' ? '' : `${k.providerId} `}${k.keyId}${k.region ? ` (${k.region})` : ''}`;

/** One line per message on stderr: JSON with --json, else a sentence. */
function printer(json: boolean): (r: RewrapReport) => void {
  return (r) => {
    if (json) {
      process.stderr.write(`${JSON.stringify(r)}\n`);
      return;
    }
    const name = r.file === '-' ? 'stdin' : r.file;
    if (!r.ok) {
      process.stderr.write(`envelope: ${printSafe(name)}: ${printSafe(r.error ?? 'failed')}\n`);
      return;
    }
    const opened = r.decryptedBy ? keyText(r.decryptedBy) : 'the FROM keyring';
    process.stderr.write(`envelope: ${printSafe(name)}: opened with ${printSafe(opened)}; now under ${(r.keys ?? []).map((k) => printSafe(keyText(k))).join(', ')}\n`);
    warnSkipped(r.skippedKeys ?? [], name);
  };
}
