/**
 * `envelope rewrap`: the same message under other keys, the body carried over unchanged. FROM (the
 * config that opens it) and TO (the keys it gets; default FROM itself, which repairs a message that
 * missed keys when it was written). One message (-i/-o), or many files replaced in place.
 */
import {
  createRegistry,
  keyringFromConfig,
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
  error?: string;
  exitCode?: number;
}

interface Job {
  readonly from: MaterialsManager;
  readonly to: Keyring;
  readonly commitmentPolicy: CommitmentPolicy;
  readonly encryptionContext: EncryptionContext;
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
  const job: Job = { from: await managerFromConfig(fromPath), to: await keyringFromConfig(f.to ?? fromPath), commitmentPolicy, encryptionContext };
  const print = printer(f.json === true);
  if (!files) {
    const input = f.input ?? '-';
    print(await rewrapOne(job, input, f.output ?? '-', f.force === true, 'rewrap'));
    return;
  }
  const failed: RewrapReport[] = [];
  for (const [i, file] of files.entries()) {
    let r: RewrapReport;
    try {
      // Same path in and out: runPipeline writes a temp file beside it and renames it over the original.
      r = await rewrapOne(job, file, file, true, `rewrap ${i + 1}/${files.length}`);
    } catch (e) {
      r = { file, ok: false, error: (e as Error)?.message ?? String(e), exitCode: exitCodeOf(e) };
      failed.push(r);
    }
    print(r);
  }
  const ok = files.length - failed.length;
  if (f.json !== true || failed.length) {
    process.stderr.write(`envelope: rewrapped ${ok} of ${files.length} file${files.length === 1 ? '' : 's'}${failed.length ? `; failed: ${failed.map((x) => printSafe(x.file)).join(', ')} (left as they were)` : ''}\n`);
  }
  if (failed.length) process.exitCode = failed[0]!.exitCode ?? 1;
}

/** Rewraps one message from `input` to `output` (written only once the whole message verified). */
async function rewrapOne(job: Job, input: string, output: string, force: boolean, label: string): Promise<RewrapReport> {
  const transform = rewrapStream({ from: job.from, to: job.to, commitmentPolicy: job.commitmentPolicy, encryptionContext: job.encryptionContext });
  let header: MessageHeader | undefined;
  let by: KeyDescription | undefined;
  let attempts: readonly KeyAttempt[] = [];
  transform.on('header', (h: MessageHeader) => (header = h));
  transform.on('decryptedBy', (d: KeyDescription | undefined, a: readonly KeyAttempt[]) => {
    by = d;
    attempts = a;
  });
  await runPipeline({ ...(input !== '-' ? { input } : {}), ...(output !== '-' ? { output } : {}), force, transform, label });
  const registry = createRegistry();
  return {
    file: input,
    ok: true,
    ...(by ? { decryptedBy: by } : {}),
    tried: attempts.map((a) => ({ keyring: a.keyring, keyId: a.keyId, ...(a.region ? { region: a.region } : {}), ...(a.reason ? { reason: a.reason } : {}) })),
    keys: (header?.encryptedDataKeys ?? []).map((e) => registry.describeEdk(e)),
  };
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
  };
}
