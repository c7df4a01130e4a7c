/**
 * Runs one input through `decrypt` and through `decryptStream` (fed in the given chunks) under a
 * per-input watchdog, and judges the outcome:
 * - any error must be an EnvelopeError subclass;
 * - any success must return exactly the original plaintext (a mutated message included);
 * - a stream may have released (pushed) only a prefix of the original plaintext, and no byte of a
 *   body unit the input changed or cut: at most `releasable` bytes;
 * - an input that neither settles nor fails within the watchdog is a hang.
 */
import type { Transform } from 'node:stream';
import { EnvelopeError, decrypt, decryptStream, parseHeader, type DecryptOptions, type Keyring, type MaterialsManager } from '@envelope/core';

/** What one path made of one input: `ok` or an error code (`UNTYPED:Name`, `HANG` for failures). */
export interface PathVerdict {
  readonly outcome: string;
  /** Set when the outcome breaks a rule: what went wrong, for people. */
  readonly problem?: string;
}

/** Everything the judge needs besides the input bytes. */
export interface Expectation {
  readonly keyring: Keyring | MaterialsManager;
  readonly plaintext: Buffer;
  /** Plaintext bytes a stream may release before it fails (the original's length for an unmutated input). */
  readonly releasable: number;
  /** Unmutated inputs must decrypt. */
  readonly mustSucceed: boolean;
  readonly options: DecryptOptions;
  readonly timeoutMs: number;
  /**
   * Cancel through an AbortSignal after this many event-loop turns (0: before the call starts).
   * Then `ABORTED` is an accepted outcome, unmutated inputs included; every other rule holds.
   */
  readonly abortAfterTurns?: number;
}

/** The decrypt options of one run: the expectation's, plus a signal that fires as scheduled. */
function optionsOf(e: Expectation): DecryptOptions {
  if (e.abortAfterTurns === undefined) return e.options;
  const c = new AbortController();
  let turns = e.abortAfterTurns;
  const tick = (): void => {
    if (turns-- <= 0) c.abort(new Error('fuzz: cancelled'));
    else setImmediate(tick);
  };
  if (turns === 0) c.abort(new Error('fuzz: cancelled'));
  else setImmediate(tick);
  return { ...e.options, signal: c.signal };
}

/** An unmutated input must decrypt, unless the run was cancelled on purpose. */
function mustHaveSucceeded(e: Expectation, v: PathVerdict): boolean {
  return e.mustSucceed && v.outcome !== 'ok' && !v.problem && !(e.abortAfterTurns !== undefined && v.outcome === 'ABORTED');
}

class Hang extends Error {}

function withWatchdog<T>(work: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const alarm = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new Hang(`no result after ${ms} ms`));
    }, ms);
  });
  return Promise.race([work, alarm]).finally(() => clearTimeout(timer));
}

function judgeError(err: unknown): PathVerdict {
  if (err instanceof Hang) return { outcome: 'HANG', problem: `hang: ${err.message}` };
  if (err instanceof EnvelopeError) return { outcome: err.code };
  const name = err instanceof Error ? err.constructor.name : typeof err;
  const text = err instanceof Error ? err.message : String(err);
  return { outcome: `UNTYPED:${name}`, problem: `untyped error ${name}: ${text}` };
}

/** `parseHeader` (what `envelope inspect` runs on untrusted files): a header, undefined, or a typed error. */
export function judgeParseHeader(input: Buffer): PathVerdict {
  try {
    parseHeader(input);
    return { outcome: 'ok' };
  } catch (err) {
    return judgeError(err);
  }
}

/** `decrypt` on the whole input. */
export async function judgeBuffer(input: Buffer, e: Expectation): Promise<PathVerdict> {
  try {
    const { plaintext } = await withWatchdog(decrypt(e.keyring, input, optionsOf(e)), e.timeoutMs, () => undefined);
    if (!Buffer.from(plaintext.buffer, plaintext.byteOffset, plaintext.byteLength).equals(e.plaintext)) {
      return { outcome: 'ok', problem: `decrypt returned a wrong plaintext (${plaintext.length} bytes, expected ${e.plaintext.length})` };
    }
    return { outcome: 'ok' };
  } catch (err) {
    const v = judgeError(err);
    return mustHaveSucceeded(e, v) ? { ...v, problem: `the unmutated message failed: ${v.outcome}` } : v;
  }
}

/**
 * Writes every chunk at once (the stream queues them and transforms one at a time) and drains the
 * output: the same chunk boundaries as a pipeline, at a fraction of its cost per input.
 */
function feed(t: Transform, chunks: readonly Buffer[]): Promise<void> {
  const ended = new Promise<void>((resolve, reject) => {
    t.on('error', reject);
    t.on('end', resolve);
  });
  t.resume();
  for (const c of chunks) t.write(c);
  t.end();
  return ended;
}

/**
 * Writes `chunks` to `t` as a producer that reuses one buffer does: each chunk is copied into the
 * same scratch buffer, written, and the buffer scribbled over once the write callback says the
 * stream is done with it (what node:stream allows).
 */
async function feedReusing(t: Transform, chunks: readonly Buffer[]): Promise<void> {
  const scratch = Buffer.alloc(Math.max(1, ...chunks.map((c) => c.length)));
  const ended = new Promise<void>((resolve, reject) => {
    t.on('error', reject);
    t.on('end', resolve);
    t.resume();
  });
  ended.catch(() => undefined);
  for (const c of chunks) {
    c.copy(scratch);
    const ok = await new Promise<boolean>((resolve) => t.write(scratch.subarray(0, c.length), (err) => resolve(!err)));
    if (!ok) break;
    scratch.fill(0xa5);
  }
  t.end();
  await ended;
}

/**
 * `decryptStream` fed `chunks` (through a pipeline, or by a producer reusing its buffer); what the
 * Transform pushes is recorded at the source, before any consumer.
 */
export async function judgeStream(chunks: readonly Buffer[], e: Expectation, reuseBuffer = false): Promise<PathVerdict> {
  const d = decryptStream(e.keyring, optionsOf(e));
  const pushed: Buffer[] = [];
  let pushedLength = 0;
  const push = d.push.bind(d);
  (d as Transform).push = (chunk: unknown, encoding?: BufferEncoding): boolean => {
    if (chunk !== null && chunk !== undefined) {
      const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      pushed.push(b);
      pushedLength += b.length;
    }
    return push(chunk, encoding);
  };
  let verdict: PathVerdict;
  try {
    await withWatchdog(reuseBuffer ? feedReusing(d, chunks) : feed(d, chunks), e.timeoutMs, () => d.destroy());
    verdict = { outcome: 'ok' };
  } catch (err) {
    verdict = judgeError(err);
    if (mustHaveSucceeded(e, verdict)) verdict = { ...verdict, problem: `the unmutated message failed in a stream: ${verdict.outcome}` };
  }
  if (verdict.problem) return verdict;
  const released = Buffer.concat(pushed, pushedLength);
  if (verdict.outcome === 'ok') {
    if (!released.equals(e.plaintext)) return { outcome: 'ok', problem: `decryptStream produced a wrong plaintext (${released.length} bytes, expected ${e.plaintext.length})` };
    return verdict;
  }
  if (!released.equals(e.plaintext.subarray(0, released.length))) {
    return { ...verdict, problem: `decryptStream released ${released.length} bytes that are not the original plaintext's prefix before failing with ${verdict.outcome}` };
  }
  if (released.length > e.releasable) {
    return { ...verdict, problem: `decryptStream released ${released.length} bytes before failing with ${verdict.outcome}; only ${e.releasable} lie in units the input left intact` };
  }
  return verdict;
}

/** Cuts `b` into chunks by a seeded rule; the rule's name goes into failure reports. */
export function chunkSizes(length: number, rule: 'whole' | 'bytes' | 'small' | 'medium' | 'large', next: (lo: number, hi: number) => number): number[] {
  const sizes: number[] = [];
  for (let o = 0; o < length; ) {
    const n = rule === 'whole' ? length : rule === 'bytes' ? 1 : rule === 'small' ? next(1, 16) : rule === 'medium' ? next(1, 512) : next(1, Math.max(1, length));
    sizes.push(Math.min(n, length - o));
    o += n;
  }
  return sizes;
}

/** Views of `b` in the given chunk sizes. */
export function chunk(b: Buffer, sizes: readonly number[]): Buffer[] {
  const out: Buffer[] = [];
  let o = 0;
  for (const n of sizes) {
    out.push(b.subarray(o, o + n));
    o += n;
  }
  return out;
}
