/**
 * Tallies of a fuzzing run and their tables. Plain objects only: a report crosses from the worker
 * thread to the main thread by structured clone.
 */
import { MUTATION_KINDS, type MutationKind } from './mutations.js';

/** Counts of one target (suite, content type, keyring). */
export interface TargetStats {
  readonly label: string;
  /** Base messages encrypted. */
  messages: number;
  /** Full rounds finished (every truncation, a flip at every byte, every field value of a message). */
  rounds: number;
  /** Share of the current (or last) full round's mutants run (0 to 1). */
  roundProgress: number;
  /** Mutated messages run (each through `decrypt` and `decryptStream`). */
  mutants: number;
  /** Unmutated runs, and how many of them decrypted to their plaintext. */
  cleanRuns: number;
  cleanOk: number;
  /** Runs of mutated messages that still decrypted (to the original plaintext, or it is a failure). */
  mutatedOk: number;
  /** Outcomes of mutated runs, by error code. */
  codes: Record<string, number>;
  failures: number;
  /** The slowest single run (decrypt or decryptStream), wall-clock milliseconds. */
  slowestMs: number;
  /** What that run was. */
  slowestInput: string;
}

/** Counts of one mutation kind over all targets. */
export interface KindStats {
  mutants: number;
  mutatedOk: number;
  failures: number;
}

/** One broken rule, with what replays it. */
export interface Failure {
  readonly target: string;
  readonly kind: MutationKind | 'none';
  readonly note: string;
  readonly path: 'decrypt' | 'decryptStream' | 'parseHeader' | 'property';
  readonly problem: string;
  /** Input number in the seeded schedule (the same seed gives the same schedule). */
  readonly input: number;
  /** A JSON file with the keys, the original and mutated bytes and the chunking, if one was written. */
  artifact?: string;
}

/** One fast-check property run. */
export interface PropertyResult {
  readonly name: string;
  readonly runs: number;
  readonly ok: boolean;
  readonly detail?: string;
}

/** The whole result of a run. */
export interface FuzzReport {
  readonly seed: number;
  readonly seconds: number;
  elapsedMs: number;
  /** What the run is doing: mutations first, then the properties. */
  phase: 'mutations' | 'properties';
  readonly targets: TargetStats[];
  readonly kinds: Record<string, KindStats>;
  /** The first failures in full (at most 50); `failureCount` counts them all. */
  readonly failures: Failure[];
  failureCount: number;
  properties: PropertyResult[];
  /** Peak resident memory of the process, MiB (0 until the end). */
  peakRssMiB: number;
}

export function emptyReport(seed: number, seconds: number, labels: readonly string[]): FuzzReport {
  const kinds: Record<string, KindStats> = {};
  for (const k of MUTATION_KINDS) kinds[k] = { mutants: 0, mutatedOk: 0, failures: 0 };
  return {
    seed,
    seconds,
    elapsedMs: 0,
    phase: 'mutations',
    targets: labels.map((label) => ({ label, messages: 0, rounds: 0, roundProgress: 0, mutants: 0, cleanRuns: 0, cleanOk: 0, mutatedOk: 0, codes: {}, failures: 0, slowestMs: 0, slowestInput: '' })),
    kinds,
    failures: [],
    failureCount: 0,
    properties: [],
    peakRssMiB: 0,
  };
}

/** Short column names for error codes. */
const SHORT: Record<string, string> = {
  MALFORMED_MESSAGE: 'MALFORMED',
  TRUNCATED_MESSAGE: 'TRUNCATED',
  AUTHENTICATION_FAILED: 'AUTH',
  COMMITMENT_MISMATCH: 'COMMIT',
  SIGNATURE_INVALID: 'SIGNATURE',
  UNSUPPORTED_SUITE: 'SUITE',
  COMMITMENT_POLICY: 'POLICY',
  ENCRYPTION_CONTEXT: 'CONTEXT',
  LIMIT_EXCEEDED: 'LIMIT',
  NO_KEY_DECRYPTED: 'NO_KEY',
  KEYRING_FAILED: 'KEYRING',
  INVALID_ARGUMENT: 'ARGUMENT',
  ABORTED: 'ABORTED',
};

function table(head: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [head, ...rows].map((r) => r.map(String));
  const widths = head.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  const line = (r: readonly string[]): string => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** The per-target table: inputs and outcomes (each mutant counted once per path). */
export function targetTable(r: FuzzReport): string {
  const totals = new Map<string, number>();
  for (const t of r.targets) for (const [c, n] of Object.entries(t.codes)) totals.set(c, (totals.get(c) ?? 0) + n);
  const codes = [...totals.keys()].sort((a, b) => totals.get(b)! - totals.get(a)!);
  const head = ['target', 'msgs', 'full rounds', 'mutants', 'clean ok', 'mut. ok', ...codes.map((c) => SHORT[c] ?? c), 'max ms', 'FAIL'];
  const row = (t: TargetStats): (string | number)[] => [
    t.label, t.messages, (t.rounds + t.roundProgress).toFixed(2), t.mutants, `${t.cleanOk}/${t.cleanRuns}`, t.mutatedOk, ...codes.map((c) => t.codes[c] ?? 0), t.slowestMs.toFixed(0), t.failures,
  ];
  const sum = (f: (t: TargetStats) => number): number => r.targets.reduce((a, t) => a + f(t), 0);
  const total: TargetStats = {
    label: 'total', messages: sum((t) => t.messages), rounds: sum((t) => t.rounds), roundProgress: sum((t) => t.roundProgress), mutants: sum((t) => t.mutants), cleanRuns: sum((t) => t.cleanRuns),
    cleanOk: sum((t) => t.cleanOk), mutatedOk: sum((t) => t.mutatedOk), codes: Object.fromEntries(totals), failures: sum((t) => t.failures),
    slowestMs: Math.max(0, ...r.targets.map((t) => t.slowestMs)),
    slowestInput: '',
  };
  return table(head, [...r.targets.map(row), row(total)]);
}

/** The per-mutation-kind table. */
export function kindTable(r: FuzzReport): string {
  return table(['mutation', 'mutants', 'mut. ok', 'FAIL'], Object.entries(r.kinds).map(([k, s]) => [k, s.mutants, s.mutatedOk, s.failures]));
}

/** The whole printed report. */
export function formatReport(r: FuzzReport): string {
  const legend = Object.entries(SHORT).map(([code, short]) => `${short}=${code}`).join(' ');
  const out = [
    `envelope fuzz: seed ${r.seed} (replay with FUZZ_SEED=${r.seed}), ${(r.elapsedMs / 1000).toFixed(1)} s of ${r.seconds} s, peak RSS ${r.peakRssMiB} MiB`,
    '',
    targetTable(r),
    '',
    'Each mutant runs through decrypt and decryptStream (random chunking); outcomes count both paths.',
    '"full rounds": base messages whose every truncation, bit flip at every byte and numeric field value ran (plus the share of the current one); other messages get a sampled round.',
    '"max ms": the slowest single run (wall clock; on a loaded machine an upper bound).',
    `"clean ok": unmutated runs that decrypted exactly; "mut. ok": mutated runs that still decrypted to the original plaintext. ${legend}`,
    '',
    kindTable(r),
    '',
    'slowest runs:',
    ...[...r.targets].sort((a, b) => b.slowestMs - a.slowestMs).slice(0, 3).map((t) => `  ${t.slowestMs.toFixed(0)} ms  [${t.label}] ${t.slowestInput}`),
    '',
    r.properties.length ? table(['property (fast-check)', 'runs', 'result'], r.properties.map((p) => [p.name, p.runs, p.ok ? 'ok' : 'FAIL'])) : 'properties: not run',
  ];
  if (r.failureCount > 0) {
    out.push('', `${r.failureCount} FAILURE(S)${r.failureCount > r.failures.length ? ` (first ${r.failures.length} shown)` : ''}:`);
    for (const f of r.failures) {
      out.push(`- [${f.target}] ${f.path}, ${f.kind}: ${f.note}: ${f.problem} (input #${f.input})${f.artifact ? `\n  reproduce: FUZZ_REPLAY=${f.artifact} npm run fuzz` : ''}`);
    }
    for (const p of r.properties.filter((x) => !x.ok)) out.push(`- property ${p.name}: ${p.detail ?? ''}`);
  }
  out.push('', r.failureCount === 0 ? 'fuzz: PASS (no untyped error, wrong plaintext, early release or hang)' : 'fuzz: FAIL');
  return out.join('\n');
}
