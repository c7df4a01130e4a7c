/**
 * Input, output and progress for the CLI. Output files are written to a temporary file beside the
 * target and renamed into place only after the whole operation succeeded, so a failed, tampered or
 * interrupted run never leaves a file that looks complete.
 */
import { createReadStream, createWriteStream, existsSync, statSync, unlinkSync } from 'node:fs';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Transform, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { OutputClosed, UsageError } from './exit_codes.js';
import { noteBytes } from './memory.js';

const isStd = (p: string | undefined): boolean => p === undefined || p === '-';

export function openInput(p: string | undefined): { stream: Readable; size: number | undefined; name: string } {
  if (isStd(p)) return { stream: process.stdin, size: undefined, name: 'stdin' };
  const st = statSync(p!);
  if (!st.isFile()) throw new UsageError(`${p} is not a file`);
  return { stream: createReadStream(p!, { highWaterMark: 64 * 1024 }), size: st.size, name: p! };
}

/**
 * Refuses, before any work starts, to overwrite an existing output without --force, and to
 * replace anything but a regular file even with it: renaming over a device or a FIFO would turn
 * it into a file holding the output.
 */
export function checkOutput(p: string | undefined, force: boolean): void {
  if (isStd(p)) return;
  let st;
  try {
    st = statSync(p!);
  } catch {
    return; // does not exist (or a dangling link, which the rename replaces)
  }
  if (!st.isFile()) throw new UsageError(`${p} exists and is not a regular file; refusing to replace it${st.isCharacterDevice() || st.isFIFO() ? ' (use -o - and a shell redirection to write to a device or a pipe)' : ''}`);
  if (!force) throw new UsageError(`${p} exists (use --force to overwrite)`);
}

/** A fresh temporary name beside `target`, in the same directory so that rename is atomic. */
function tempBeside(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.envelope-tmp-${randomBytes(4).toString('hex')}`);
}

/**
 * Writes `data` to a new temporary file created with `mode` (exclusively: never through a link)
 * and renames it over `file`. The target's old mode, owner and link target play no part.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, mode: number, force: boolean): Promise<void> {
  checkOutput(file, force);
  const target = path.resolve(file);
  const tmp = tempBeside(target);
  try {
    await writeFile(tmp, data, { mode, flag: 'wx' });
    await rename(tmp, target);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

/** Encrypted output is binary: it goes to a terminal only when asked for with `-o -`. */
export function refuseBinaryToTerminal(output: string | undefined): void {
  if (output === undefined && process.stdout.isTTY === true) {
    throw new UsageError('refusing to write a binary message to the terminal: give -o FILE, redirect stdout, or -o - to insist');
  }
}

/** Counts bytes through it and drives a progress bar on stderr when stderr is a TTY. */
async function progress(total: number | undefined, label: string): Promise<{ transform: Transform; stop: () => void }> {
  const tty = process.stderr.isTTY === true && !process.env['ENVELOPE_NO_PROGRESS'];
  // cli-progress is loaded only when a bar will be drawn.
  const cliProgress = tty ? (await import('cli-progress')).default : undefined;
  const bar = cliProgress
    ? new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: `${label} [{bar}] {percentage}% | {done} MB${total ? ' / {total_mb} MB' : ''} | {rate} MB/s | ETA {eta_formatted}`,
          hideCursor: true,
          clearOnComplete: false,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  const t0 = Date.now();
  let done = 0;
  const totalForBar = total ?? 0;
  bar?.start(totalForBar || 1, 0, { done: '0.0', total_mb: ((total ?? 0) / 1e6).toFixed(1), rate: '0' });
  const transform = new Transform({
    transform(chunk: Buffer, _e, cb) {
      done += chunk.length;
      noteBytes(chunk.length);
      if (bar) {
        const s = (Date.now() - t0) / 1000 || 0.001;
        bar.update(total ? done : 0, { done: (done / 1e6).toFixed(1), rate: (done / 1e6 / s).toFixed(0) });
      }
      cb(null, chunk);
    },
  });
  return { transform, stop: () => bar?.stop() };
}

/**
 * Runs input → transform → output. With a file output, writes `.NAME.envelope-tmp-XXXX` beside it
 * and renames it into place only on success; on any failure (or SIGINT/SIGTERM) the temp file is
 * removed.
 */
export async function runPipeline(options: { input?: string; output?: string; force: boolean; transform: Transform; label: string }): Promise<void> {
  checkOutput(options.output, options.force);
  const input = openInput(options.input);
  const bar = await progress(input.size, options.label);
  let out: Writable;
  let tmp: string | undefined;
  if (isStd(options.output)) out = process.stdout;
  else {
    const target = path.resolve(options.output!);
    tmp = tempBeside(target);
    out = createWriteStream(tmp, { flags: 'wx', mode: 0o600, highWaterMark: 256 * 1024 }); // many frames per writev
  }
  const cleanup = (): void => {
    if (tmp) {
      try {
        unlinkSync(tmp);
      } catch {
        /* already gone */
      }
    }
  };
  const onSignal = (sig: NodeJS.Signals): void => {
    cleanup();
    process.stderr.write(`\nenvelope: interrupted (${sig}); no output written\n`);
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await pipeline(input.stream, bar.transform, options.transform, out);
    bar.stop();
    if (tmp) {
      if (existsSync(options.output!) && !options.force) throw new UsageError(`${options.output} appeared meanwhile (use --force to overwrite)`);
      checkOutput(options.output, true); // still a regular file (or gone) at the moment of the rename
      await rename(tmp, path.resolve(options.output!));
      tmp = undefined;
    }
  } catch (e) {
    bar.stop();
    if (tmp) await unlink(tmp).catch(() => undefined);
    tmp = undefined;
    // A reader that stopped early (`| head -c 10`) is not an error of ours: end quietly.
    if (out === process.stdout && (e as NodeJS.ErrnoException)?.code === 'EPIPE') throw new OutputClosed();
    throw e;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
