/**
 * Input, output and progress for the CLI. Output files are written to a temporary file beside the
 * target and renamed into place only after the whole operation succeeded, so a failed, tampered or
 * interrupted run never leaves a file that looks complete.
 */
import { createReadStream, createWriteStream, existsSync, statSync, unlinkSync } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Transform, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UsageError } from './exit_codes.js';
import { noteBytes } from './memory.js';

const isStd = (p: string | undefined): boolean => p === undefined || p === '-';

export function openInput(p: string | undefined): { stream: Readable; size: number | undefined; name: string } {
  if (isStd(p)) return { stream: process.stdin, size: undefined, name: 'stdin' };
  const st = statSync(p!);
  if (!st.isFile()) throw new UsageError(`${p} is not a file`);
  return { stream: createReadStream(p!, { highWaterMark: 64 * 1024 }), size: st.size, name: p! };
}

/** Refuses to overwrite an existing output without --force, before any work starts. */
export function checkOutput(p: string | undefined, force: boolean): void {
  if (!isStd(p) && existsSync(p!) && !force) throw new UsageError(`${p} exists (use --force to overwrite)`);
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
    tmp = path.join(path.dirname(target), `.${path.basename(target)}.envelope-tmp-${randomBytes(4).toString('hex')}`);
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
      await rename(tmp, path.resolve(options.output!));
      tmp = undefined;
    }
  } catch (e) {
    bar.stop();
    if (tmp) await unlink(tmp).catch(() => undefined);
    tmp = undefined;
    throw e;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
