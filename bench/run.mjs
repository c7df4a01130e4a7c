#!/usr/bin/env node
// Envelope's benchmark: every figure beside @aws-crypto/client-node 5.x and raw node:crypto doing the
// same work in the same run, with the ratios. `pnpm bench` / `npm run bench` from the root.
// Results also go to bench/results/latest.json (not committed).
import { mkdirSync, writeFileSync, createWriteStream, rmSync, mkdtempSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { tmpdir, cpus, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { envelope, envelopeKeyring, esdk, esdkKeyring, through, opsPerSecond, interleaved, wrappingKey } from './common.mjs';
import { rawGcmEncrypt, rawGcmDecrypt, rawGcmPieces, messagePrimitives } from './primitives.mjs';
import { renderChart } from './chart.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
// --streams-only: the stream rows alone (64 MiB each), then exit.
const streamsOnly = process.argv.includes('--streams-only');
const MiB = 1024 * 1024;
const STREAM_BYTES = (quick ? 16 : 64) * MiB;
const RSS_BYTES = (quick ? 128 : 1024) * MiB;
const results = { date: new Date().toISOString(), machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`, cases: [] };

const fmt = (n) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
function report(name, unit, envelopeValue, esdkValue, rawValue, extra = {}) {
  const row = { name, unit, envelope: envelopeValue, esdk: esdkValue, raw: rawValue, vsEsdk: envelopeValue / esdkValue, vsRaw: envelopeValue / rawValue, ...extra };
  results.cases.push(row);
  console.log(
    `${name.padEnd(52)} envelope ${fmt(envelopeValue).padStart(8)} ${unit.padEnd(5)} esdk ${fmt(esdkValue).padStart(8)}  raw ${fmt(rawValue).padStart(8)}   ` +
      `×esdk ${row.vsEsdk.toFixed(2).padStart(5)}  of raw ${(row.vsRaw * 100).toFixed(0).padStart(3)} %`,
  );
}

console.log(`Envelope benchmark — ${results.machine}${quick ? ' (quick)' : ''}\n`);

// 1 KiB messages: ops/s.
if (!streamsOnly) {
  const kib = randomBytes(1024);
  for (const suiteId of [0x0478, 0x0578]) {
    const signed = suiteId === 0x0578;
    const opts = { suiteId, frameLength: 4096 };
    const envCt = (await envelope.encrypt(envelopeKeyring, kib, opts)).ciphertext;
    const esdkCt = (await esdk.encrypt(esdkKeyring, kib, opts)).result;
    const hex = `0x0${suiteId.toString(16)}`;
    report(`1 KiB ${hex} encrypt`, 'op/s',
      await opsPerSecond(() => envelope.encrypt(envelopeKeyring, kib, opts)),
      await opsPerSecond(() => esdk.encrypt(esdkKeyring, kib, opts)),
      await opsPerSecond(async () => messagePrimitives(kib, { signed, direction: 'encrypt' })));
    report(`1 KiB ${hex} decrypt`, 'op/s',
      await opsPerSecond(() => envelope.decrypt(envelopeKeyring, envCt)),
      await opsPerSecond(() => esdk.decrypt(esdkKeyring, esdkCt)),
      await opsPerSecond(async () => messagePrimitives(kib, { signed, direction: 'decrypt' })));
  }
}

// Streams: MB/s. Every series of a case is timed in turns (raw, ESDK, Envelope on one thread and
// with concurrency: 2, encrypt then decrypt), best of 3 rounds after a warm-up, so that load coming
// and going on a shared machine hits every column alike.
const data = randomBytes(STREAM_BYTES);
// 0x0578 with 64 KiB frames: the frames stay on the calling thread and, with concurrency 2, the
// signature's SHA-384 runs on a worker beside them.
for (const [suiteId, frameLength] of [[0x0478, 4096], [0x0578, 4096], [0x0578, 64 * 1024], [0x0478, MiB]]) {
  const hex = `0x0${suiteId.toString(16)}`;
  const label = `${STREAM_BYTES / MiB} MiB ${hex} ${frameLength >= MiB ? `${frameLength / MiB} MiB` : `${frameLength / 1024} KiB`} frames`;
  const opts = { suiteId, frameLength };
  const envCt = await through(data, envelope.encryptStream(envelopeKeyring, opts), true);
  const esdkCt = await through(data, esdk.encryptStream(esdkKeyring, opts), true);
  const pieces = rawGcmPieces(data, frameLength);
  const series = {
    rawEnc: async () => rawGcmEncrypt(data, frameLength),
    esdkEnc: () => through(data, esdk.encryptStream(esdkKeyring, opts)),
    enc1: () => through(data, envelope.encryptStream(envelopeKeyring, opts)),
    enc2: () => through(data, envelope.encryptStream(envelopeKeyring, { ...opts, concurrency: 2 })),
    rawDec: async () => rawGcmDecrypt(pieces),
    esdkDec: () => through(esdkCt, esdk.decryptStream(esdkKeyring)),
    dec1: () => through(envCt, envelope.decryptStream(envelopeKeyring)),
    dec2: () => through(envCt, envelope.decryptStream(envelopeKeyring, { concurrency: 2 })),
  };
  const best = await interleaved(series, STREAM_BYTES, quick ? 1 : 3);
  report(`${label} encrypt`, 'MB/s', best.enc1, best.esdkEnc, best.rawEnc);
  report(`${label} decrypt`, 'MB/s', best.dec1, best.esdkDec, best.rawDec);
  report(`${label} encrypt, concurrency 2`, 'MB/s', best.enc2, best.esdkEnc, best.rawEnc);
  report(`${label} decrypt, concurrency 2`, 'MB/s', best.dec2, best.esdkDec, best.rawDec);
}
if (streamsOnly) process.exit(0); // no chart: a partial run

// Peak RSS decrypting a large stream, each implementation in its own child process.
const dir = mkdtempSync(path.join(tmpdir(), 'envelope-bench-'));
try {
  const rss = {};
  for (const impl of ['envelope', 'esdk']) {
    const file = path.join(dir, `${impl}.msg`);
    const chunk = randomBytes(MiB);
    const source = Readable.from((function* () { for (let i = 0; i < RSS_BYTES / MiB; i++) yield chunk; })());
    const enc = impl === 'envelope' ? envelope.encryptStream(envelopeKeyring, { suiteId: 0x0478 }) : esdk.encryptStream(esdkKeyring, { suiteId: 0x0478 });
    await pipeline(source, enc, createWriteStream(file));
    rss[impl] = JSON.parse(execFileSync(process.execPath, [path.join(here, 'rss_child.mjs'), impl, file], { encoding: 'utf8', env: { ...process.env, ENVELOPE_BENCH_KEY: wrappingKey.toString('hex') } }));
    rmSync(file);
  }
  const row = { name: `peak RSS, ${RSS_BYTES / MiB} MiB decrypt`, unit: 'MiB', envelope: rss.envelope.maxRssMiB, esdk: rss.esdk.maxRssMiB, envelopeSeconds: rss.envelope.seconds, esdkSeconds: rss.esdk.seconds };
  results.cases.push(row);
  console.log(`${row.name.padEnd(34)} envelope ${fmt(row.envelope).padStart(8)} MiB   esdk ${fmt(row.esdk).padStart(8)} MiB   (${rss.envelope.seconds.toFixed(1)} s vs ${rss.esdk.seconds.toFixed(1)} s)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// kms-local under load (requests/s), when the load script exists.
try {
  const { runKmsLoad } = await import('./kms_local_load.mjs');
  const r = await runKmsLoad({ pairs: quick ? 200 : 1000 });
  results.cases.push({ name: 'kms-local GenerateDataKey+Decrypt', unit: 'req/s', envelope: r.requestsPerSecond });
  console.log(`${'kms-local GenerateDataKey+Decrypt'.padEnd(34)} ${fmt(r.requestsPerSecond)} req/s (1 region, concurrent pairs)`);
} catch (e) {
  console.log(`kms-local load: skipped (${e?.message ?? e})`);
}

// Data-key caching through kms-local: KMS calls and op/s, Envelope's cache beside the ESDK's.
try {
  const { runCacheBench, formatCacheRow } = await import('./cache.mjs');
  const r = await runCacheBench({ messages: quick ? 1000 : 10_000 });
  console.log(`\ndata-key caching via kms-local (suite 0x0${r.suite.toString(16)}, 1 KiB, maxMessagesEncrypted ${r.maxMessagesEncrypted})`);
  for (const row of r.rows) {
    results.cases.push({ name: `cache: ${row.messages} encrypts ${row.concurrency === 1 ? 'sequential' : `${row.concurrency}-way`}, ${row.name}`, unit: 'op/s', value: row.opsPerSecond, generateDataKeyCalls: row.generateDataKeyCalls });
    console.log(formatCacheRow(row));
  }
} catch (e) {
  console.log(`data-key caching: skipped (${e?.message ?? e})`);
}

// Rewrap through kms-local: KMS calls per message and time, beside re-encrypting (Envelope, ESDK).
try {
  const { runRewrapBench, formatRewrapRow } = await import('./rewrap.mjs');
  const r = await runRewrapBench({ quick });
  console.log(`\nrewrap A (KMS 2 regions + escrow) → B (KMS 3 regions + escrow) via kms-local (suite 0x0${r.suite.toString(16)}, ${r.frameLength / 1024} KiB frames)`);
  for (const row of r.rows) {
    results.cases.push({ name: `rewrap: ${row.size} ${row.name}`, unit: row.mbPerSecond ? 'MB/s' : 'ms', value: row.mbPerSecond ?? row.ms, kmsCalls: row.kmsCalls });
    console.log(formatRewrapRow(row));
  }
} catch (e) {
  console.log(`rewrap: skipped (${e?.message ?? e})`);
}

// The hierarchical keyring through kms-local: KMS + DynamoDB calls and op/s beside the KMS keyring,
// the caching manager and the ESDK's hierarchical keyring.
try {
  const { runHierarchyBench, formatHierarchyRow } = await import('./hierarchy.mjs');
  const r = await runHierarchyBench({ messages: quick ? 1000 : 10_000 });
  console.log(`\nhierarchical keyring via kms-local (suite 0x0${r.suite.toString(16)}, 1 KiB; decrypts by a fresh keyring)`);
  for (const row of r.rows) {
    results.cases.push({ name: `hierarchy: ${row.name}, ${row.op}`, unit: 'op/s', value: row.opsPerSecond, kmsCalls: row.kms, dynamodbCalls: row.dynamodb });
    console.log(formatHierarchyRow(row));
  }
} catch (e) {
  console.log(`hierarchical keyring: skipped (${e?.message ?? e})`);
}

// Telemetry: the cost with no OpenTelemetry SDK registered, and with one and a no-op exporter.
try {
  console.log('');
  console.log(execFileSync(process.execPath, [path.join(here, 'telemetry.mjs'), ...(quick ? ['--quick'] : [])], { encoding: 'utf8' }).trimEnd());
} catch (e) {
  console.log(`telemetry: skipped (${e?.message ?? e})`);
}

// The CLI beside age on a big file (skipped, with a note, when age or GNU time is missing).
try {
  console.log(execFileSync(process.execPath, [path.join(here, 'cli_vs_age.mjs'), '--mib', quick ? '64' : '512'], { encoding: 'utf8' }).trimEnd());
} catch (e) {
  console.log(`CLI vs age: skipped (${e?.message ?? e})`);
}

// What an envelope call costs to start: a 1 KB file and --help, bundled bin against dist/bin.js.
try {
  console.log(execFileSync(process.execPath, [path.join(here, 'cli_startup.mjs'), '--runs', quick ? '3' : '5'], { encoding: 'utf8' }).trimEnd());
} catch (e) {
  console.log(`CLI start-up: skipped (${e?.message ?? e})`);
}

mkdirSync(path.join(here, 'results'), { recursive: true });
writeFileSync(path.join(here, 'results', 'latest.json'), JSON.stringify(results, null, 2) + '\n');
console.log('\nwritten to bench/results/latest.json');
// The committed chart shows full runs only.
if (!quick) {
  writeFileSync(path.join(here, 'chart.svg'), renderChart(results));
  console.log('chart drawn: bench/chart.svg');
}
