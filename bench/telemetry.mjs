#!/usr/bin/env node
// What telemetry costs on 1 KiB messages (raw AES keyring, so the figures are about Envelope's own
// path, not KMS): `node bench/telemetry.mjs [--quick]`.
//  - none: no OpenTelemetry SDK registered (what every application without one runs);
//  - sdk:  an SDK registered (tracer provider with a batch processor and a no-op exporter, a meter
//          provider, the AsyncLocalStorage context manager): every call makes and exports a span.
// Each mode runs in its own child process, alternating for several rounds (medians), because the
// global registration cannot be undone in a process. The no-SDK cost is also given as the guard
// each call pays (one tracer-provider lookup) relative to one operation, which is steadier than the
// difference of two throughputs on a loaded machine.
// ENVELOPE_BENCH_BASELINE_CORE=/path/to/an/older/core/dist/index.js adds a "baseline" mode: the
// same work through that build (e.g. core before telemetry) for a direct A/B.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';

const self = fileURLToPath(import.meta.url);
const quick = process.argv.includes('--quick');
const child = process.argv.indexOf('--child');

async function measure(mode) {
  if (mode === 'sdk') await registerSdk();
  const core = mode === 'baseline' ? await import(pathToFileURL(process.env.ENVELOPE_BENCH_BASELINE_CORE).href) : await import('@envelope/core');
  const { envelopeKeyring: keyring, opsPerSecond } = await import('./common.mjs');
  const kib = randomBytes(1024);
  const opts = { suiteId: 0x0478, frameLength: 4096 };
  const ct = (await core.encrypt(keyring, kib, opts)).ciphertext;
  const ms = quick ? 500 : 1500;
  const out = {
    encrypt: await opsPerSecond(() => core.encrypt(keyring, kib, opts), ms),
    decrypt: await opsPerSecond(() => core.decrypt(keyring, ct), ms),
  };
  if (mode === 'none') out.guardNs = await guardNs();
  return out;
}

/** ns of the lookup every encrypt/decrypt makes when no SDK is registered (see core/src/telemetry/otel.ts). */
async function guardNs() {
  const { trace } = await import('@opentelemetry/api');
  const n = 5_000_000;
  let hits = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) if (trace.getTracerProvider().getDelegate() !== undefined) hits++;
  return Number(process.hrtime.bigint() - t0) / n + (hits === n ? 0 : NaN);
}

async function registerSdk() {
  const { context, metrics, trace } = await import('@opentelemetry/api');
  const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
  const { BatchSpanProcessor, TracerProvider } = await import('@opentelemetry/sdk-trace');
  const { MeterProvider } = await import('@opentelemetry/sdk-metrics');
  const noopExporter = { export: (_spans, done) => done({ code: 0 }), shutdown: async () => {}, forceFlush: async () => {} };
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [new BatchSpanProcessor({ exporter: noopExporter })] }));
  metrics.setGlobalMeterProvider(new MeterProvider());
}

/** none vs baseline in one process, in alternating short slices, so load drift hits both alike. */
async function interleaved() {
  const current = await import('@envelope/core');
  const baseline = await import(pathToFileURL(process.env.ENVELOPE_BENCH_BASELINE_CORE).href);
  const { envelopeKeyring: keyring } = await import('./common.mjs');
  const kib = randomBytes(1024);
  const opts = { suiteId: 0x0478, frameLength: 4096 };
  const out = {};
  for (const op of ['encrypt', 'decrypt']) {
    const ct = (await current.encrypt(keyring, kib, opts)).ciphertext;
    const run = (core) => (op === 'encrypt' ? core.encrypt(keyring, kib, opts) : core.decrypt(keyring, ct));
    const time = { none: 0, baseline: 0 };
    const slice = 200;
    for (let i = 0; i < (quick ? 20 : 60); i++) {
      for (const [mode, core] of i % 2 ? [['none', current], ['baseline', baseline]] : [['baseline', baseline], ['none', current]]) {
        const t0 = process.hrtime.bigint();
        for (let j = 0; j < slice; j++) await run(core);
        time[mode] += Number(process.hrtime.bigint() - t0);
      }
    }
    out[op] = (time.none / time.baseline - 1) * 100;
  }
  return out;
}

if (child > 0) {
  if (process.argv[child + 1] === 'ab') {
    process.stdout.write(JSON.stringify(await interleaved()));
    process.exit(0);
  }
  process.stdout.write(JSON.stringify(await measure(process.argv[child + 1])));
  process.exit(0);
}

const modes = ['none', 'sdk', ...(process.env.ENVELOPE_BENCH_BASELINE_CORE ? ['baseline'] : [])];
const rounds = quick ? 2 : 5;
const runs = Object.fromEntries(modes.map((m) => [m, []]));
for (let r = 0; r < rounds; r++) {
  for (const m of modes) runs[m].push(JSON.parse(execFileSync(process.execPath, [self, '--child', m, ...(quick ? ['--quick'] : [])], { encoding: 'utf8' })));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const med = (m, k) => median(runs[m].map((x) => x[k]));
console.log(`Telemetry cost, 1 KiB messages, suite 0x0478, raw AES keyring (${rounds} alternating rounds, medians)\n`);
for (const op of ['encrypt', 'decrypt']) {
  const none = med('none', op);
  const sdk = med('sdk', op);
  const guardPct = (med('none', 'guardNs') * none) / 1e9 * 100;
  let line = `${op.padEnd(8)} no SDK ${none.toFixed(0).padStart(7)} op/s (guard ${med('none', 'guardNs').toFixed(1)} ns/call = ${guardPct.toFixed(2)} % of an op)   ` +
    `SDK + no-op exporter ${sdk.toFixed(0).padStart(7)} op/s (${((1 - sdk / none) * 100).toFixed(1)} % slower)`;
  if (runs.baseline) line += `   baseline ${med('baseline', op).toFixed(0).padStart(7)} op/s`;
  console.log(line);
}
if (process.env.ENVELOPE_BENCH_BASELINE_CORE) {
  const ab = JSON.parse(execFileSync(process.execPath, [self, '--child', 'ab', ...(quick ? ['--quick'] : [])], { encoding: 'utf8' }));
  console.log(`\nno SDK vs baseline, interleaved in one process (time per op, + = slower): encrypt ${ab.encrypt.toFixed(2)} %, decrypt ${ab.decrypt.toFixed(2)} %`);
}
