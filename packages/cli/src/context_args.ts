/** Parsing of the flag values shared by commands; every bad value is a UsageError (exit 2). */
import { DEFAULT_COMMITMENT_POLICY, cryptoBackend, findSuite, type CommitmentPolicy } from '@envelope/core';
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { UsageError } from './exit_codes.js';

/** Collects repeated flags (`-c key=value`, `-r FILE`, …). */
export function collectPair(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `['a=b', 'c=d=e']` → `{ a: 'b', c: 'd=e' }`. A key given twice is refused rather than one value silently winning. */
export function contextFrom(pairs: readonly string[] | undefined): Record<string, string> {
  const ec: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const p of pairs ?? []) {
    const i = p.indexOf('=');
    if (i <= 0) throw new UsageError(`-c expects key=value, got ${JSON.stringify(p)}`);
    const key = p.slice(0, i);
    if (Object.hasOwn(ec, key)) throw new UsageError(`-c ${JSON.stringify(key)} is given twice`);
    ec[key] = p.slice(i + 1);
  }
  return { ...ec };
}

const POLICIES: readonly CommitmentPolicy[] = ['forbid-encrypt-allow-decrypt', 'require-encrypt-allow-decrypt', 'require-encrypt-require-decrypt'];

/** `--commitment-policy NAME`, default the library's (`require-encrypt-require-decrypt`). */
export function parseCommitmentPolicy(s: string | undefined): CommitmentPolicy {
  if (s === undefined) return DEFAULT_COMMITMENT_POLICY;
  const p = POLICIES.find((x) => x === s);
  if (!p) throw new UsageError(`--commitment-policy expects one of ${POLICIES.join(', ')}, got ${JSON.stringify(s)}`);
  return p;
}

/**
 * `0x0478`, `1144` → 0x0478. The id must be in the suites table, and a suite without key
 * commitment needs a policy that allows encrypting with one.
 */
export function parseSuite(s: string | undefined, policy: CommitmentPolicy = DEFAULT_COMMITMENT_POLICY): number | undefined {
  if (s === undefined) return undefined;
  const n = /^0x[0-9a-f]+$/i.test(s) ? parseInt(s, 16) : /^[0-9]+$/.test(s) ? Number(s) : NaN;
  if (!Number.isInteger(n)) throw new UsageError(`--suite expects an id such as 0x0478, got ${JSON.stringify(s)}`);
  const suite = findSuite(n);
  const hex = `0x${n.toString(16).padStart(4, '0')}`;
  if (!suite) throw new UsageError(`--suite ${hex} is not a known algorithm suite`);
  if (!suite.committing && policy !== 'forbid-encrypt-allow-decrypt') {
    throw new UsageError(`--suite ${hex} has no key commitment; commitment policy ${policy} requires a committing suite (add --commitment-policy forbid-encrypt-allow-decrypt to write legacy messages)`);
  }
  return n;
}

/**
 * The frame length `encrypt` writes without `--frame-length`: 64 KiB, age's chunk size. The library's
 * default stays 4096 (the AWS ESDK's); on large files the per-frame work (one AES-GCM setup, head,
 * tag and a few small buffers per frame) makes 4 KiB frames several times slower end to end
 * (bench/README.md). Every ESDK and Envelope's decrypt read any frame length up to their limit (64 MiB by default).
 */
export const CLI_FRAME_LENGTH = 64 * 1024;

/** `--frame-length N` (0: non-framed); undefined when not given. */
export function parseFrameLength(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new UsageError(`--frame-length expects an integer from 0 (non-framed) to 4294967295, got ${JSON.stringify(s)}`);
  return n;
}

/** With `--jobs auto`, inputs over this size use every core. */
export const PARALLEL_FROM = 16 * 1024 * 1024;

/**
 * The threads without `--jobs`: 2 when the crypto backend hashes a signed suite on a native thread
 * of its own (the addon: no V8 isolate, 1 MiB of blocks, started only once a message passes 256 KiB)
 * and the machine has a second core, so the default suite's SHA-384 runs beside the ciphers; else 1.
 * With the addon, frames stay on the calling thread at any `concurrency`, so 2 starts no worker.
 */
export function defaultJobs(cores: number = availableParallelism(), hashThread: boolean = cryptoBackend.signerOnThread !== undefined && cryptoBackend.verifierOnThread !== undefined): number {
  return hashThread && cores >= 2 ? 2 : 1;
}

/**
 * `--jobs N` (1 to 64; 1 is the single-thread path) or `--jobs auto`: every core
 * (`os.availableParallelism()`, at most 64) for an input file over 16 MiB, else 1 (stdin's size is
 * not known beforehand: 1). Without it, {@link defaultJobs}. Neither 'auto' nor N > 1 is the
 * default without the addon's hash thread: core's worker threads then about double the peak RSS,
 * past the CLI's memory budget, and were no faster on a loaded 2-core machine (bench/README.md).
 */
export function parseJobs(s: string | undefined, input: string | undefined): number {
  if (s === undefined) return defaultJobs();
  if (s === 'auto') {
    if (input === undefined || input === '-') return 1;
    let size = 0;
    try {
      size = statSync(input).size;
    } catch {
      return 1; // the pipeline reports a missing input
    }
    return size > PARALLEL_FROM ? Math.min(availableParallelism(), 64) : 1;
  }
  const n = /^[0-9]+$/.test(s) ? Number(s) : NaN;
  if (!(n >= 1 && n <= 64)) throw new UsageError(`--jobs expects a whole number from 1 to 64 or auto, got ${JSON.stringify(s)}`);
  return n;
}

/** `--max-encrypted-data-keys N`: a message with more EDKs is refused (encrypt: a keyring making more fails). */
export function parseMaxEdks(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const n = /^[0-9]+$/.test(s) ? Number(s) : NaN;
  if (!(n >= 1 && n <= 65535)) throw new UsageError(`--max-encrypted-data-keys expects a whole number from 1 to 65535, got ${JSON.stringify(s)}`);
  return n;
}
