/**
 * Input, output and progress for the CLI. Output files are written to a temporary file beside the
 * target and renamed into place only after the whole operation succeeded, so a failed, tampered or
 * interrupted run never leaves a file that looks complete.
 */
import { closeSync, createReadStream, existsSync, openSync, statSync, unlinkSync } from 'node:fs';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { OutputClosed, UsageError } from './exit_codes.js';
import { collectBeforeStreaming, noteBytes } from './memory.js';
import { BufferPool, READ_SIZE, drainTo, feed, fileChunks, type InputChunk } from './internal/file_pump.js';

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

/** Draws a progress bar on stderr when stderr is a TTY; `add` counts the bytes read. */
async function progress(total: number | undefined, label: string): Promise<{ add: (n: number) => void; stop: () => void }> {
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
  const add = (n: number): void => {
    done += n;
    noteBytes(n);
    if (bar) {
      const s = (Date.now() - t0) / 1000 || 0.001;
      bar.update(total ? done : 0, { done: (done / 1e6).toFixed(1), rate: (done / 1e6 / s).toFixed(0) });
    }
  };
  return { add, stop: () => bar?.stop() };
}

/** The chunks of stdin as they come (fresh buffers: nothing to give back). */
async function* streamChunks(s: Readable): AsyncGenerator<InputChunk> {
  for await (const c of s) yield { bytes: c as Buffer };
}

/**
 * Runs input → transform → output. A file input is read in 128 KiB pieces into pooled buffers; a
 * file output is copied into a pooled batch written 256 KiB at a time (both synchronously:
 * internal/file_pump.ts). With a file output, writes
 * `.NAME.envelope-tmp-XXXX` beside it and renames it into place only on success; on any failure
 * (or SIGINT/SIGTERM) the temp file is removed.
 */
export async function runPipeline(options: { input?: string; output?: string; force: boolean; transform: Transform; label: string }): Promise<void> {
  checkOutput(options.output, options.force);
  const t = options.transform;
  let inFd: number | undefined;
  let size: number | undefined;
  if (!isStd(options.input)) {
    const st = statSync(options.input!);
    if (!st.isFile()) throw new UsageError(`${options.input} is not a file`);
    inFd = openSync(options.input!, 'r');
    size = st.size;
  }
  const pool = inFd !== undefined ? new BufferPool(READ_SIZE, 2) : undefined;
  let outFd: number | undefined;
  let tmp: string | undefined;
  const closeFds = (): void => {
    for (const fd of [inFd, outFd]) if (fd !== undefined) closeQuietly(fd);
    inFd = outFd = undefined;
  };
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
  const bar = await progress(size, options.label);
  try {
    if (!isStd(options.output)) {
      tmp = tempBeside(path.resolve(options.output!));
      outFd = openSync(tmp, 'wx', 0o600);
    }
    collectBeforeStreaming();
    const chunks = inFd !== undefined ? fileChunks(inFd, pool!) : streamChunks(process.stdin);
    const fed = feed(t, chunks, bar.add).catch((e: unknown) => {
      t.destroy(e as Error);
      throw e;
    });
    const written = (outFd !== undefined ? drainTo(t, outFd) : pipeline(t, process.stdout)).catch((e: unknown) => {
      if (!t.destroyed) t.destroy(e as Error);
      throw e;
    });
    const [f, w] = await Promise.allSettled([fed, written]);
    // The Transform's own error (a tampered frame, a wrong key) says more than what it caused.
    if (f.status === 'rejected' || w.status === 'rejected') throw t.errored ?? (f.status === 'rejected' ? f.reason : (w as PromiseRejectedResult).reason);
    bar.stop();
    if (outFd !== undefined) {
      closeSync(outFd);
      outFd = undefined;
    }
    if (tmp) {
      if (existsSync(options.output!) && !options.force) throw new UsageError(`${options.output} appeared meanwhile (use --force to overwrite)`);
      checkOutput(options.output, true); // still a regular file (or gone) at the moment of the rename
      await rename(tmp, path.resolve(options.output!));
      tmp = undefined;
    }
  } catch (e) {
    bar.stop();
    if (!t.destroyed) t.destroy();
    closeFds();
    if (tmp) await unlink(tmp).catch(() => undefined);
    tmp = undefined;
    // A reader that stopped early (`| head -c 10`) is not an error of ours: end quietly.
    if (isStd(options.output) && (e as NodeJS.ErrnoException)?.code === 'EPIPE') throw new OutputClosed();
    throw e;
  } finally {
    closeFds();
    pool?.wipe();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    /* closed already */
  }
}
