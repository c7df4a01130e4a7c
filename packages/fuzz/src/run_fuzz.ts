/**
 * The mutation campaign: targets take turns (a slice of mutants each), so every suite gets its
 * share of any time budget. A round encrypts a fresh message of seeded shape (plaintext, context,
 * frame length), checks that it decrypts cleanly both ways, then runs its mutants in shuffled order.
 */
import { readFileSync } from 'node:fs';
import { encrypt, parseHeader, type DecryptOptions, type EncryptionContext } from '@envelope/core';
import { Prng } from './prng.js';
import { layoutOf, releasable, type MessageLayout } from './message_layout.js';
import { mutantsOf, type Foreign, type Mutant, type MutationKind } from './mutations.js';
import { chunk, chunkSizes, judgeBuffer, judgeParseHeader, judgeStream, type Expectation, type PathVerdict } from './oracle.js';
import { READ_POLICY, makeTargets, type Target } from './targets.js';
import { emptyReport, type Failure, type FuzzReport, type TargetStats } from './report.js';
import { runProperties } from './properties.js';
import { writeArtifact } from './failure_artifact.js';

/** Options of {@link runFuzz}. */
export interface FuzzOptions {
  /** Time budget in seconds (mutations, then properties). */
  readonly seconds: number;
  readonly seed: number;
  /** Watchdog per input (default 10 s: generous on a loaded machine; a hang never ends). */
  readonly inputTimeoutMs?: number;
  /** Share of the budget for the fast-check properties (default 0.2; 0 skips them). */
  readonly propertyShare?: number;
  /** Where failure reproductions are written (none when left out). */
  readonly artifactsDir?: string;
  /**
   * Also feed streams as a producer that reuses its buffer after each write callback (a fifth of
   * stream runs; default on): decryptStream once kept views of the caller's chunks.
   */
  readonly reuseBuffers?: boolean;
  /** Mutants per target per turn (default 24); the first turn of every target runs whatever the budget. */
  readonly slice?: number;
  /** Called before every input (the CLI's watchdog for synchronous hangs). */
  readonly onInput?: (input: number, description: string, bytes: Buffer) => void;
  /** Called about every 2 s with the report so far. */
  readonly onProgress?: (report: FuzzReport) => void;
}

const MAX_LISTED_FAILURES = 50;
const SLICE = 24;
const CHUNK_RULES = ['whole', 'bytes', 'small', 'medium', 'large'] as const;

interface Round {
  readonly message: Buffer;
  readonly layout: MessageLayout;
  readonly plaintext: Buffer;
  readonly full: boolean;
  readonly mutants: Mutant[];
  next: number;
}

interface Lane {
  readonly target: Target;
  readonly stats: TargetStats;
  readonly rng: Prng;
  round: Round | undefined;
  foreign: Foreign | undefined;
}

/** Runs the campaign and then the properties; resolves with the report (failures inside it). */
export async function runFuzz(o: FuzzOptions): Promise<FuzzReport> {
  const started = Date.now();
  const targets = makeTargets();
  const report = emptyReport(o.seed, o.seconds, targets.map((t) => t.label));
  const rng = new Prng(o.seed);
  const lanes: Lane[] = targets.map((target, i) => ({ target, stats: report.targets[i]!, rng: rng.fork(), round: undefined, foreign: undefined }));
  const share = o.propertyShare ?? 0.2;
  const mutationEnd = started + o.seconds * 1000 * (1 - share);
  const ctx: Ctx = { o, report, input: 0, timeoutMs: o.inputTimeoutMs ?? 10_000, lastProgress: Date.now(), started };

  // Every lane gets at least one slice, whatever the budget; then turns until the time is up.
  for (let turn = 0; turn === 0 || Date.now() < mutationEnd; turn++) {
    for (const lane of lanes) {
      if (turn > 0 && Date.now() >= mutationEnd) break;
      await runSlice(ctx, lane);
    }
  }
  if (share > 0) {
    report.phase = 'properties';
    report.elapsedMs = Date.now() - started;
    o.onProgress?.(report);
    const results = await runProperties({ seed: o.seed, timeLimitMs: Math.max(1000, started + o.seconds * 1000 - Date.now()), onRun: () => ctx.o.onInput?.(ctx.input++, 'property run', Buffer.alloc(0)) });
    report.properties = results;
    for (const p of results) if (!p.ok) addFailure(ctx, { target: 'properties', kind: 'none', note: p.name, path: 'property', problem: p.detail ?? 'failed', input: ctx.input });
  }
  report.elapsedMs = Date.now() - started;
  report.peakRssMiB = peakRssMiB();
  return report;
}

interface Ctx {
  readonly o: FuzzOptions;
  readonly report: FuzzReport;
  input: number;
  readonly timeoutMs: number;
  lastProgress: number;
  readonly started: number;
}

function addFailure(ctx: Ctx, f: Failure): void {
  ctx.report.failureCount++;
  if (ctx.report.failures.length < MAX_LISTED_FAILURES) ctx.report.failures.push(f);
}

async function runSlice(ctx: Ctx, lane: Lane): Promise<void> {
  if (!lane.round || lane.round.next >= lane.round.mutants.length) {
    if (lane.round?.full) {
      lane.stats.rounds++;
      lane.stats.roundProgress = 0;
    }
    lane.round = await newRound(ctx, lane);
  }
  const r = lane.round;
  const end = Math.min(r.mutants.length, r.next + (ctx.o.slice ?? SLICE));
  while (r.next < end) await runMutant(ctx, lane, r, r.mutants[r.next++]!);
  if (r.full) lane.stats.roundProgress = r.next / r.mutants.length;
  if (Date.now() - ctx.lastProgress > 2000) {
    ctx.lastProgress = Date.now();
    ctx.report.elapsedMs = Date.now() - ctx.started;
    ctx.o.onProgress?.(ctx.report);
  }
}

/** Plaintext length, frame length and context of a round's message, from the lane's generator. */
function shape(rng: Prng, framed: boolean, small: boolean): { size: number; frameLength: number; context: EncryptionContext } {
  const large = !small && rng.chance(0.05);
  const size = large ? rng.int(65_536, 150_000) : small ? rng.int(0, 64) : rng.pick([() => 0, () => rng.int(1, 32), () => rng.int(33, 256), () => rng.int(33, 256), () => rng.int(257, 2048)])();
  let frameLength = 0;
  if (framed) frameLength = large ? rng.int(65_536, 70_000) : small ? rng.int(16, 40) : rng.pick([() => 1, () => rng.int(2, 16), () => rng.int(17, 128), () => rng.int(129, 1024), () => 4096])();
  const context: Record<string, string> = {};
  const names = ['tenant', 'purpose', 'ключ', 'emoji😀', 'a', '', 'x'.repeat(300)];
  for (let i = rng.below(small ? 2 : 4); i > 0; i--) context[rng.pick(names) + (rng.chance(0.5) ? String(rng.below(100)) : '')] = rng.chance(0.2) ? '' : rng.bytes(rng.int(1, 24)).toString('base64');
  return { size, frameLength, context };
}

async function newRound(ctx: Ctx, lane: Lane): Promise<Round> {
  const { target, rng } = lane;
  // A full round (every truncation, a flip at every byte) one time in four, not first: short runs
  // see more message shapes. Full rounds get small messages, so they finish.
  const full = lane.stats.messages > 0 && rng.chance(0.25);
  const s = shape(rng, target.framed, full);
  const plaintext = rng.bytes(s.size);
  const { ciphertext } = await encrypt(target.keyring, plaintext, { suiteId: target.suiteId, frameLength: s.frameLength, encryptionContext: s.context, commitmentPolicy: target.encryptPolicy });
  const message = Buffer.from(ciphertext);
  const layout = layoutOf(message);
  // The fuzzer's own walk and core's reader must agree on where the header ends.
  const parsed = parseHeader(message);
  if (parsed?.headerLength !== layout.headerLength) throw new Error(`fuzzer and core disagree on the header length of a ${target.label} message (${layout.headerLength} vs ${parsed?.headerLength})`);
  lane.stats.messages++;
  // The first round gets a second message to splice with; later rounds use the previous one.
  if (!lane.foreign) {
    const other = Buffer.from((await encrypt(target.keyring, rng.bytes(rng.int(0, 300)), { suiteId: target.suiteId, frameLength: s.frameLength, commitmentPolicy: target.encryptPolicy })).ciphertext);
    lane.foreign = { bytes: other, headerLength: layoutOf(other).headerLength };
  }
  const round: Round = { message, layout, plaintext, full, mutants: mutantsOf(message, layout, rng.fork(), lane.foreign, full), next: 0 };
  lane.foreign = { bytes: message, headerLength: layout.headerLength };
  await runInput(ctx, lane, round, { kind: 'none', note: 'unmutated', build: () => message }, message);
  return round;
}

const decryptOptions: DecryptOptions = { commitmentPolicy: READ_POLICY };

async function runMutant(ctx: Ctx, lane: Lane, round: Round, m: Mutant): Promise<void> {
  const bytes = m.build();
  if (bytes.equals(round.message)) return; // e.g. a field set to the value it had
  await runInput(ctx, lane, round, m, bytes);
}

function firstDifference(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

async function runInput(ctx: Ctx, lane: Lane, round: Round, m: Mutant | { kind: 'none'; note: string; build(): Buffer }, bytes: Buffer): Promise<void> {
  const clean = m.kind === 'none';
  const input = ctx.input++;
  ctx.o.onInput?.(input, `${lane.target.label}: ${m.note}`, bytes);
  const e: Expectation = {
    keyring: lane.target.decryptKeyring,
    plaintext: round.plaintext,
    releasable: clean ? round.plaintext.length : releasable(round.layout, firstDifference(round.message, bytes)),
    mustSucceed: clean,
    options: decryptOptions,
    timeoutMs: ctx.timeoutMs,
    // One mutant in ten is cancelled part way (both paths, after the same number of event-loop
    // turns); unmutated runs never are, so "clean ok" stays exact.
    ...(!clean && lane.rng.chance(0.1) ? { abortAfterTurns: lane.rng.int(0, 12) } : {}),
  };
  let rule = lane.rng.pick(CHUNK_RULES);
  if (rule === 'bytes' && bytes.length > 2048) rule = 'small';
  const sizes = chunkSizes(bytes.length, rule, (lo, hi) => lane.rng.int(lo, hi));
  const reuse = ctx.o.reuseBuffers !== false && lane.rng.chance(0.2);
  // A quarter of the stream runs use two threads: frames under 8 KiB on a worker, larger ones with
  // a signed suite's hash on one (same rules: only verified frames, in order).
  const concurrency = lane.rng.chance(0.25) ? 2 : 1;
  const t0 = performance.now();
  const verdicts: [PathVerdict, Path][] = [[await judgeBuffer(bytes, e), 'decrypt']];
  const t1 = performance.now();
  verdicts.push([await judgeStream(chunk(bytes, sizes), concurrency > 1 ? { ...e, options: { ...e.options, concurrency } } : e, reuse), 'decryptStream']);
  // The slowest run per target (wall time, so on a loaded machine an upper bound): a parser whose
  // cost grows faster than its input shows up here long before it hangs.
  const slowest = Math.max(t1 - t0, performance.now() - t1);
  if (slowest > lane.stats.slowestMs) {
    lane.stats.slowestMs = slowest;
    lane.stats.slowestInput = `${m.note}; ${bytes.length} bytes, ${t1 - t0 >= slowest ? 'decrypt' : `decryptStream in ${sizes.length} chunks (${rule}${reuse ? ', reused buffer' : ''}${concurrency > 1 ? `, concurrency ${concurrency}` : ''})`}`;
  }
  const parsed = judgeParseHeader(bytes);
  if (parsed.problem) verdicts.push([parsed, 'parseHeader']);
  tally(ctx, lane, m.kind, verdicts, (p, problem) => {
    const f: Failure = { target: lane.target.label, kind: m.kind, note: m.note, path: p, problem, input };
    if (ctx.o.artifactsDir) {
      f.artifact = writeArtifact(ctx.o.artifactsDir, {
        seed: ctx.report.seed,
        failure: f,
        keyMaterial: lane.target.keyMaterial,
        plaintextHex: round.plaintext.toString('hex'),
        originalHex: round.message.toString('hex'),
        mutatedHex: bytes.toString('hex'),
        chunkSizes: p === 'decryptStream' ? sizes : [bytes.length],
        reuseBuffer: p === 'decryptStream' && reuse,
        ...(p === 'decryptStream' && concurrency > 1 ? { concurrency } : {}),
        ...(e.abortAfterTurns !== undefined ? { abortAfterTurns: e.abortAfterTurns } : {}),
      });
    }
    addFailure(ctx, f);
  });
}

type Path = 'decrypt' | 'decryptStream' | 'parseHeader';

/** Counts one input's verdicts; `fail` records each broken rule. */
function tally(ctx: Ctx, lane: Lane, kindName: MutationKind | 'none', verdicts: readonly [PathVerdict, Path][], fail: (p: Path, problem: string) => void): void {
  const st = lane.stats;
  const clean = kindName === 'none';
  const kind = clean ? undefined : ctx.report.kinds[kindName]!;
  if (kind) {
    st.mutants++;
    kind.mutants++;
  } else st.cleanRuns += 2;
  for (const [v, p] of verdicts) {
    if (p === 'parseHeader') {
      // Only its failures are listed; the table counts the two decrypting paths.
    } else if (!kind) {
      if (v.outcome === 'ok' && !v.problem) st.cleanOk++;
    } else if (v.outcome === 'ok') {
      st.mutatedOk++;
      kind.mutatedOk++;
    } else st.codes[v.outcome] = (st.codes[v.outcome] ?? 0) + 1;
    if (!v.problem) continue;
    st.failures++;
    if (kind) kind.failures++;
    fail(p, v.problem);
  }
}

/** VmHWM (getrusage's maxrss may be the parent's at fork), or maxrss where /proc is missing. */
function peakRssMiB(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Math.round(Number(m[1]) / 1024);
  } catch {
    // not Linux
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
