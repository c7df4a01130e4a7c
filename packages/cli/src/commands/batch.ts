/**
 * `envelope encrypt|decrypt FILE|DIR…`: several files, each written beside itself (FILE →
 * FILE.envelope and back, `--suffix` to change it). Directories are walked. What cannot be done is
 * found before any key is loaded: a file that is not a message (decrypt) or already carries the
 * suffix (encrypt) is skipped with a warning; an existing output without --force refuses the run.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError, exitCodeOf } from '../exit_codes.js';
import { checkOutput } from '../io.js';
import { keyringFromFlags } from '../keyring_flags.js';
import { printSafe } from '../terminal_text.js';
import { checkMessageFile, decryptOne, encryptOne, encryptOptions, type CryptFlags, type CryptJob } from './crypt.js';

type Mode = 'encrypt' | 'decrypt';
interface Pair {
  readonly input: string;
  readonly output: string;
}

/** Every regular file under `p` (itself when it is one), in name order. */
function filesUnder(p: string): string[] {
  let st;
  try {
    st = statSync(p);
  } catch (e) {
    throw new UsageError(`${p}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`, { cause: e });
  }
  if (st.isFile()) return [p];
  if (!st.isDirectory()) return [];
  return readdirSync(p, { withFileTypes: true })
    .filter((d) => (d.isFile() || d.isDirectory()) && !d.name.includes('.envelope-tmp-'))
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((d) => filesUnder(path.join(p, d.name)));
}

function checkSuffix(s: string | undefined): string {
  const suffix = s ?? '.envelope';
  if (!/^\.?[A-Za-z0-9._-]+$/.test(suffix) || suffix === '.') throw new UsageError(`--suffix expects a file name ending such as .envelope, got ${JSON.stringify(s)}`);
  return suffix;
}

/** The files to do, and why the others are skipped. */
function plan(mode: Mode, args: readonly string[], suffix: string): { pairs: Pair[]; skipped: string[] } {
  const pairs: Pair[] = [];
  const skipped: string[] = [];
  for (const file of [...new Set(args.flatMap(filesUnder))]) {
    if (mode === 'encrypt') {
      if (file.endsWith(suffix)) skipped.push(`${file}: already ends with ${suffix}`);
      else pairs.push({ input: file, output: `${file}${suffix}` });
      continue;
    }
    if (!file.endsWith(suffix) || file.length === suffix.length) {
      skipped.push(`${file}: does not end with ${suffix}`);
      continue;
    }
    try {
      checkMessageFile(file);
      pairs.push({ input: file, output: file.slice(0, -suffix.length) });
    } catch (e) {
      skipped.push((e as Error).message);
    }
  }
  return { pairs, skipped };
}

async function runAll(mode: Mode, job: CryptJob, pairs: readonly Pair[]): Promise<{ pair: Pair; error: unknown }[]> {
  const failed: { pair: Pair; error: unknown }[] = [];
  for (const [i, pair] of pairs.entries()) {
    const label = `${mode} ${i + 1}/${pairs.length}`;
    try {
      if (mode === 'encrypt') await encryptOne(job, pair.input, pair.output, label);
      else {
        const r = await decryptOne(job, pair.input, pair.output, label);
        if (job.flags.json) process.stderr.write(`${JSON.stringify({ file: pair.input, ...r })}\n`);
      }
    } catch (e) {
      failed.push({ pair, error: e });
      process.stderr.write(`envelope: ${printSafe(pair.input)}: ${printSafe((e as Error)?.message ?? String(e))}\n`);
    }
  }
  return failed;
}

export async function batchCommand(mode: Mode, args: readonly string[], f: CryptFlags): Promise<void> {
  if (f.input !== undefined || f.output !== undefined) throw new UsageError('give files as arguments or -i/-o, not both');
  if (mode === 'encrypt') encryptOptions(f, undefined);
  const suffix = checkSuffix(f.suffix);
  const { pairs, skipped } = plan(mode, args, suffix);
  for (const s of skipped) process.stderr.write(`envelope: skipped ${printSafe(s)}\n`);
  if (pairs.length === 0) throw new UsageError(`no file to ${mode}`);
  for (const p of pairs) checkOutput(p.output, f.force === true);
  const keyring = await keyringFromFlags(f, mode, undefined);
  const failed = await runAll(mode, { keyring, flags: f }, pairs);
  const done = pairs.length - failed.length;
  const verb = mode === 'encrypt' ? 'encrypted' : 'decrypted';
  process.stderr.write(`envelope: ${verb} ${done} of ${pairs.length} file${pairs.length === 1 ? '' : 's'}${skipped.length ? `, skipped ${skipped.length}` : ''}${failed.length ? `; failed: ${failed.map((x) => printSafe(x.pair.input)).join(', ')}` : ''}\n`);
  if (failed.length) process.exitCode = exitCodeOf(failed[0]!.error);
}
