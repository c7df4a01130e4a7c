/** `envelope encrypt` and `envelope decrypt`. */
import { EncryptionContextError, createRegistry, decryptStream, encryptStream, type KeyAttempt, type KeyDescription, type MessageHeader } from '@envelope/client';
import { checkInput, checkOutput, refuseBinaryToTerminal, runPipeline } from '../io.js';
import { CLI_FRAME_LENGTH, contextFrom, parseCommitmentPolicy, parseFrameLength, parseJobs, parseSuite } from '../context_args.js';
import { UsageError } from '../exit_codes.js';
import { keyringFromFlags, type KeyringFlags } from '../keyring_flags.js';
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
}

export async function encryptCommand(f: CryptFlags): Promise<void> {
  const commitmentPolicy = parseCommitmentPolicy(f.commitmentPolicy);
  const suiteId = parseSuite(f.suite, commitmentPolicy);
  const frameLength = parseFrameLength(f.frameLength) ?? CLI_FRAME_LENGTH;
  const encryptionContext = contextFrom(f.context);
  const jobs = parseJobs(f.jobs, f.input);
  refuseBinaryToTerminal(f.output);
  checkPaths(f); // before any key is loaded or KMS called
  const keyring = await keyringFromFlags(f, 'encrypt', f.input);
  try {
    const transform = encryptStream(keyring, {
      encryptionContext,
      commitmentPolicy,
      ...(suiteId !== undefined ? { suiteId } : {}),
      frameLength,
      ...(jobs > 1 ? { concurrency: jobs } : {}),
    });
    let header: MessageHeader | undefined;
    let skipped: SkippedKey[] = [];
    transform.on('header', (h: MessageHeader) => (header = h));
    transform.on('skippedKeys', (k: readonly KeyAttempt[]) => (skipped = k.map(skippedKey)));
    await runPipeline({ ...io(f), transform, label: 'encrypt' });
    const registry = createRegistry();
    if (f.json === true) process.stderr.write(`${JSON.stringify({ keys: (header?.encryptedDataKeys ?? []).map((e) => registry.describeEdk(e)), skippedKeys: skipped })}\n`);
    else warnSkipped(skipped, f.output && f.output !== '-' ? f.output : 'the message');
  } catch (e) {
    // On encrypt the context comes from -c: a reserved or unusable key is a usage error.
    if (e instanceof EncryptionContextError) throw new UsageError(`-c: ${e.message}`, { cause: e });
    throw e;
  }
}

/** What `decrypt` reports about the key that opened the message. */
export interface DecryptReport {
  providerId?: string;
  keyId?: string;
  region?: string;
  tried: { keyring: string; keyId: string; region?: string; reason?: string }[];
}

export async function decryptCommand(f: CryptFlags, report: (r: DecryptReport) => void = printReport(f.json === true)): Promise<void> {
  const commitmentPolicy = parseCommitmentPolicy(f.commitmentPolicy);
  const encryptionContext = contextFrom(f.context);
  const jobs = parseJobs(f.jobs, f.input);
  checkPaths(f);
  const keyring = await keyringFromFlags(f, 'decrypt', f.input);
  const transform = decryptStream(keyring, { encryptionContext, commitmentPolicy, ...(jobs > 1 ? { concurrency: jobs } : {}) });
  let info: DecryptReport = { tried: [] };
  transform.on('decryptedBy', (by: KeyDescription | undefined, attempts: readonly KeyAttempt[]) => {
    info = {
      ...(by ? { providerId: by.providerId, keyId: by.keyId, ...(by.region ? { region: by.region } : {}) } : {}),
      tried: attempts.map((a) => ({ keyring: a.keyring, keyId: a.keyId, ...(a.region ? { region: a.region } : {}), ...(a.reason ? { reason: a.reason } : {}) })),
    };
  });
  await runPipeline({ ...io(f), transform, label: 'decrypt' });
  report(info);
}

function checkPaths(f: CryptFlags): void {
  checkInput(f.input);
  checkOutput(f.output, f.force === true);
}

function io(f: CryptFlags): { input?: string; output?: string; force: boolean } {
  return { ...(f.input ? { input: f.input } : {}), ...(f.output ? { output: f.output } : {}), force: f.force === true };
}

function printReport(json: boolean): (r: DecryptReport) => void {
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
