/**
 * Input, output and the data path of the CLI. Output files are written to a temporary file beside
 * the target and renamed into place only after the whole operation succeeded, so a failed, tampered
 * or interrupted run never leaves a file that looks complete.
 */
import { closeSync, createReadStream, openSync } from 'node:fs';
import { writeFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { OutputClosed, UsageError } from './exit_codes.js';
import { checkInput, checkOutput, isStd, pathProblem, tempBeside } from './file_checks.js';
import { collectBeforeStreaming } from './memory.js';
import { progress } from './progress.js';
import { BufferPool, READ_SIZE, drainTo, feed, fileChunks, type InputChunk } from './internal/file_pump.js';
import { TempOutput } from './internal/temp_output.js';
import { pumpLent, type LentCodec } from './internal/lent_pump.js';

export { checkInput, checkOutput };

export function openInput(p: string | undefined): { stream: Readable; size: number | undefined; name: string } {
  const size = checkInput(p);
  if (isStd(p)) return { stream: process.stdin, size, name: 'stdin' };
  return { stream: createReadStream(p!, { highWaterMark: 64 * 1024 }), size, name: p! };
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

/** The chunks of stdin as they come (fresh buffers: nothing to give back). */
async function* streamChunks(s: Readable): AsyncGenerator<InputChunk> {
  for await (const c of s) yield { bytes: c as Buffer };
}

function openInputFd(p: string): number {
  try {
    return openSync(p, 'r');
  } catch (e) {
    throw new UsageError(`-i ${pathProblem(p, e)}`, { cause: e });
  }
}

/** What {@link runPipeline} runs. */
export interface PipelineOptions {
  input?: string;
  output?: string;
  force: boolean;
  transform: Transform;
  label: string;
  /** fsync the output file and its directory before reporting success (rewrap --in-place). */
  durable?: boolean;
}

/** Removes the temporary output on SIGINT/SIGTERM and exits 130; returns the function that stops listening. */
function onInterrupt(out: TempOutput | undefined): () => void {
  const onSignal = (sig: NodeJS.Signals): void => {
    out?.discard();
    process.stderr.write(`\nenvelope: interrupted (${sig}); no output written\n`);
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return () => {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  };
}

/** Feeds the input through `t` into the output; rejects with the Transform's own error when it has one. */
async function pump(t: Transform, inFd: number | undefined, outFd: number | undefined, onBytes: (n: number) => void): Promise<void> {
  const pool = inFd !== undefined ? new BufferPool(READ_SIZE, 2) : undefined;
  try {
    const chunks = inFd !== undefined ? fileChunks(inFd, pool!) : streamChunks(process.stdin);
    const fed = feed(t, chunks, onBytes).catch((e: unknown) => {
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
  } finally {
    pool?.wipe();
  }
}

/** What {@link runLent} runs: the core's lending writer or reader of one message, and what goes before its output. */
export interface LentJob {
  input: string;
  output: string;
  force: boolean;
  label: string;
  codec: LentCodec;
  /** Bytes written before the codec's (the writer's header). */
  first?: Uint8Array;
  /** Whether the codec leaves garbage per frame (node:crypto), so forced scavenges keep the peak down. */
  scavenge: boolean;
}

/** Where the data goes: paths, and whether the output is fsynced (rewrap --in-place). */
type Ends = Pick<PipelineOptions, 'input' | 'output' | 'force' | 'label' | 'durable'>;

/**
 * Runs input → transform → output. Paths are checked before anything is read; a file input is read
 * in 128 KiB pieces into pooled buffers and a file output written through a pooled batch (both
 * synchronously: internal/file_pump.ts) to a temporary file renamed into place only on success; on
 * any failure (or SIGINT/SIGTERM) the temporary file is removed.
 */
export async function runPipeline(o: PipelineOptions): Promise<void> {
  const t = o.transform;
  // Every failure reaches the caller through the promises below (or t.errored); an 'error' event
  // with no listener would end the process instead of the command.
  t.on('error', () => undefined);
  await withFiles(o, true, (inFd, outFd, add) => pump(t, inFd, outFd, add), () => {
    if (!t.destroyed) t.destroy();
  });
}

/**
 * Runs a regular file through the core's lending writer or reader into a regular file, with no
 * Transform (internal/lent_pump.ts): the same checks, temporary file, progress and signals as
 * {@link runPipeline}. The caller closes the codec.
 */
export async function runLent(o: LentJob): Promise<void> {
  await withFiles(o, o.scavenge, (inFd, outFd, add) => pumpLent(o.codec, inFd!, outFd!, add, o.first), () => undefined);
}

/**
 * Opens the input and a temporary output beside the target, runs `work` on them and renames the
 * output into place only on success; on any failure (or SIGINT/SIGTERM) removes it.
 * `scavenge`: a full collection first and forced scavenges while streaming (memory.ts), for data
 * paths that leave garbage; one that leaves none starts at the peak loading the modules left.
 */
async function withFiles(
  o: Ends,
  scavenge: boolean,
  work: (inFd: number | undefined, outFd: number | undefined, add: (n: number) => void) => Promise<void>,
  onFailure: () => void,
): Promise<void> {
  const size = checkInput(o.input);
  checkOutput(o.output, o.force);
  const out = isStd(o.output) ? undefined : new TempOutput(o.output!, o.durable === true);
  const stopListening = onInterrupt(out);
  const bar = await progress(size, o.label, scavenge);
  let inFd: number | undefined;
  try {
    inFd = isStd(o.input) ? undefined : openInputFd(o.input!);
    const outFd = out?.open();
    if (scavenge) collectBeforeStreaming();
    await work(inFd, outFd, bar.add);
    bar.stop();
    await out?.commit(o.force);
  } catch (e) {
    bar.stop();
    onFailure();
    out?.discard();
    // A reader that stopped early (`| head -c 10`) is not an error of ours: end quietly.
    if (isStd(o.output) && (e as NodeJS.ErrnoException)?.code === 'EPIPE') throw new OutputClosed();
    throw e;
  } finally {
    if (inFd !== undefined) closeSync(inFd);
    stopListening();
  }
}
