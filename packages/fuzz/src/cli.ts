/**
 * `npm run fuzz`: runs the campaign in a worker thread for FUZZ_SECONDS (default 60) from
 * FUZZ_SEED (printed; default random), watches it for synchronous hangs, prints the tables and
 * exits 1 on any failure. `FUZZ_REPLAY=file` replays one failure instead.
 *
 * Environment: FUZZ_SECONDS, FUZZ_SEED, FUZZ_INPUT_TIMEOUT_MS (watchdog per input, default 10000),
 * FUZZ_ARTIFACTS (where failures are written, default a temp dir named after the seed), FUZZ_REPLAY,
 * FUZZ_REUSE_BUFFERS=0 (never feed streams from a reused buffer; on by default).
 * FUZZ_SELFTEST_HANG_AT=n makes input n spin forever, to test this watchdog.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { seedFrom } from './prng.js';
import { formatReport, targetTable, type FuzzReport } from './report.js';
import { replay } from './replay.js';
import { BYTES, DESCRIPTION, HEARTBEAT, SHARED_SIZE, type WorkerData } from './shared_input.js';

async function main(): Promise<number> {
  const timeoutMs = positive('FUZZ_INPUT_TIMEOUT_MS', 10_000);
  if (process.env['FUZZ_REPLAY']) {
    const { artifact, verdict } = await replay(process.env['FUZZ_REPLAY'], timeoutMs);
    console.log(`replay of input #${artifact.failure.input} (seed ${artifact.seed}) [${artifact.failure.target}] ${artifact.failure.path}, ${artifact.failure.note}`);
    console.log(`recorded: ${artifact.failure.problem}`);
    console.log(verdict.problem ? `now:      ${verdict.problem}` : `now:      passes (${verdict.outcome})`);
    return verdict.problem ? 1 : 0;
  }
  const seconds = positive('FUZZ_SECONDS', 60);
  const seed = seedFrom(process.env['FUZZ_SEED']);
  const artifactsDir = process.env['FUZZ_ARTIFACTS'] ?? path.join(tmpdir(), `envelope-fuzz-${seed}`);
  console.log(`envelope fuzz: seed ${seed} (FUZZ_SEED=${seed} replays this schedule), ${seconds} s`);

  const shared = new SharedArrayBuffer(SHARED_SIZE);
  const reuseBuffers = process.env['FUZZ_REUSE_BUFFERS'] !== '0';
  const data: WorkerData = { shared, options: { seconds, seed, inputTimeoutMs: timeoutMs, artifactsDir, reuseBuffers } };
  return runWorker(data, 2 * timeoutMs + 2_000, artifactsDir);
}

/**
 * Runs the campaign in a worker and resolves with the exit code. The worker publishes a heartbeat
 * before each input; two paths per input, each bounded by its own timer, so a thread silent for
 * `stallMs` is stuck in synchronous code: it is ended and its input saved.
 */
function runWorker(data: WorkerData, stallMs: number, artifactsDir: string): Promise<number> {
  const heart = new Int32Array(data.shared, 0, HEARTBEAT.slots);
  const worker = new Worker(new URL('./fuzz_worker.js', import.meta.url), { workerData: data });
  let last: FuzzReport | undefined;
  return new Promise<number>((resolve) => {
    let seen = -1;
    let since = Date.now();
    let lastNote = Date.now();
    const watchdog = setInterval(() => {
      const now = Atomics.load(heart, HEARTBEAT.input);
      if (now !== seen || now === 0) {
        // (0: no input yet; setting up, e.g. generating the RSA key, is not a hang)
        seen = now;
        since = Date.now();
      } else if (Date.now() - since > stallMs) {
        clearInterval(watchdog);
        const file = saveStuckInput(data.shared, data.options.seed, now - 1, artifactsDir);
        if (last) console.log(`\n${targetTable(last)}`);
        console.log(`\nfuzz: FAIL: HANG: input #${now - 1} made no progress for ${stallMs} ms; it is in ${file}`);
        // A thread stuck in native code (a lock) never stops, and exiting would wait for it for
        // ever (Node joins its workers): then the process is ended outright (a Node 20 deadlock in
        // node:crypto's key generation did this once).
        const stopped = new Promise<boolean>((done) => {
          setTimeout(() => done(false), 5_000).unref();
          void worker.terminate().then(() => done(true));
        });
        void stopped.then((ok) => {
          if (!ok) {
            console.log('fuzz: the fuzzing thread did not stop (stuck outside JavaScript); ending the process');
            process.kill(process.pid, 'SIGKILL');
          }
          resolve(1);
        });
      }
      if (Date.now() - lastNote > 10_000 && last?.phase === 'mutations') {
        lastNote = Date.now();
        const mutants = last.targets.reduce((a, t) => a + t.mutants, 0);
        console.error(`  … ${(last.elapsedMs / 1000).toFixed(0)} s, ${mutants} mutants, ${last.failureCount} failures`);
      }
    }, 500);
    worker.on('message', (m: { type: 'progress' | 'done'; report: FuzzReport }) => {
      if (m.report.phase === 'properties' && last?.phase !== 'properties') console.error(`  … ${(m.report.elapsedMs / 1000).toFixed(0)} s, mutations done; fast-check properties`);
      last = m.report;
      if (m.type !== 'done') return;
      clearInterval(watchdog);
      console.log(`\n${formatReport(m.report)}`);
      resolve(m.report.failureCount === 0 ? 0 : 1);
    });
    worker.on('error', (err) => {
      clearInterval(watchdog);
      console.error('fuzz: the fuzzer itself failed:', err);
      resolve(2);
    });
  });
}

/** Writes the stuck input (description and bytes, as the worker published them) to a file. */
function saveStuckInput(shared: SharedArrayBuffer, seed: number, input: number, dir: string): string {
  const heart = new Int32Array(shared, 0, HEARTBEAT.slots);
  const description = new TextDecoder().decode(new Uint8Array(shared, DESCRIPTION.offset, Atomics.load(heart, HEARTBEAT.descriptionLength)));
  const bytes = Buffer.from(new Uint8Array(shared, BYTES.offset, Atomics.load(heart, HEARTBEAT.bytesLength)));
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `hang-${input}.json`);
  writeFileSync(file, `${JSON.stringify({ seed, input, description, bytesHex: bytes.toString('hex') })}\n`);
  return file;
}

function positive(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!(n > 0)) throw new Error(`${name} must be a positive number, got ${JSON.stringify(v)}`);
  return n;
}

process.exitCode = await main();
process.exit();
