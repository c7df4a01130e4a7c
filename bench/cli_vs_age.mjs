#!/usr/bin/env node
// The `envelope` CLI beside `age` on one big random file: encrypt and decrypt, the default suite
// (0x0578) and --suite 0x0478. Keys like for like: envelope's RSA recipient and identity
// (`-r escrow.pub.pem`, `--identity escrow.pem`; RSA-4096, OAEP-SHA256) against age's X25519
// recipient and identity (`-r age1…`, `-i age.key`); `--keys config` uses a raw-rsa config file
// (`--config`, through the registry) instead. Also two "node floor" rows: the same reads, AES-GCM frames and writes
// (and the signed suites' SHA-384) in plain Node with none of Envelope (bench/node_floor.mjs). Wall time is the median of N runs after one warm-up, runs interleaved
// so that load from elsewhere hits every row alike; peak RSS is the largest `Maximum resident set
// size` that `/usr/bin/time -v` reports over those runs; every round trip is compared with the input.
//
//   node bench/cli_vs_age.mjs [--mib 512] [--runs 3] [--jobs N] [--frame-length N] [--keys recipient|config] [--no-floor]   (after a build)
//
// Needs `age` and `age-keygen` (Debian: apt-get install age) and GNU time (apt-get install time);
// without them it says so and skips. Results also go to bench/results/cli_vs_age.json.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync, mkdtempSync, openSync, closeSync, writeSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.resolve(here, '..', 'packages', 'cli', 'bin', 'envelope.js');
const FLOOR = path.join(here, 'node_floor.mjs');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const MIB = Number(arg('--mib', '512'));
const RUNS = Number(arg('--runs', '3'));
const JOBS = arg('--jobs', undefined);
const FRAME_LENGTH = arg('--frame-length', undefined); // envelope encrypt's; default the CLI's (64 KiB)
const KEYS = arg('--keys', 'recipient');
const FLOOR_ROWS = !process.argv.includes('--no-floor');
if (KEYS !== 'recipient' && KEYS !== 'config') throw new Error('--keys expects recipient or config');
const TIME = '/usr/bin/time';

const has = (cmd, args) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.error === undefined && r.status === 0 ? `${r.stdout}${r.stderr}`.trim() : undefined;
};
const ageVersion = has('age', ['--version']);
const timeOk = has(TIME, ['-v', 'true']) !== undefined;
if (!ageVersion || !has('age-keygen', ['--version'])) {
  console.log('CLI vs age: skipped, age is not installed (Debian/Ubuntu: apt-get install age)');
  process.exit(0);
}
if (!timeOk) {
  console.log(`CLI vs age: skipped, ${TIME} (GNU time) is missing (Debian/Ubuntu: apt-get install time)`);
  process.exit(0);
}

const dir = mkdtempSync(path.join(tmpdir(), 'envelope-cli-vs-age-'));
const f = (name) => path.join(dir, name);
try {
  // The input: MIB MiB of random bytes, and its hash.
  const input = f('data.bin');
  const h = createHash('sha256');
  const fd = openSync(input, 'w');
  for (let i = 0; i < MIB; i++) {
    const chunk = randomBytes(1024 * 1024);
    h.update(chunk);
    writeSync(fd, chunk);
  }
  closeSync(fd);
  const inputHash = h.digest('hex');

  // Keys: an RSA escrow pair in a raw-rsa config; an age identity.
  mustRun(process.execPath, [BIN, 'keygen', 'rsa', '--bits', '4096', '-o', f('escrow'), '--no-passphrase']);
  const entry = { type: 'raw-rsa', keyNamespace: 'escrow', keyName: 'escrow-1', padding: 'oaep-sha256' };
  writeFileSync(f('enc.json'), JSON.stringify({ keyring: { ...entry, publicKey: f('escrow.pub.pem') } }));
  writeFileSync(f('dec.json'), JSON.stringify({ keyring: { ...entry, privateKey: f('escrow.pem') } }));
  mustRun('age-keygen', ['-o', f('age.key')]);
  const recipient = /public key: (age1\w+)/.exec(readFileSync(f('age.key'), 'utf8'))[1];

  const jobs = JOBS ? ['--jobs', JOBS] : [];
  const encKeys = KEYS === 'config' ? ['--config', f('enc.json')] : ['-r', f('escrow.pub.pem')];
  const decKeys = KEYS === 'config' ? ['--config', f('dec.json')] : ['--identity', f('escrow.pem')];
  const frames = FRAME_LENGTH ? ['--frame-length', FRAME_LENGTH] : [];
  const rows = [
    { name: 'envelope, default suite 0x0578', tool: 'envelope', ext: 'env',
      enc: (o) => [process.execPath, BIN, 'encrypt', ...encKeys, '-i', input, '-o', o, '--force', ...frames, ...jobs],
      dec: (i, o) => [process.execPath, BIN, 'decrypt', ...decKeys, '-i', i, '-o', o, '--force', ...jobs] },
    { name: 'envelope, --suite 0x0478', tool: 'envelope', ext: 'env478',
      enc: (o) => [process.execPath, BIN, 'encrypt', ...encKeys, '-i', input, '-o', o, '--force', '--suite', '0x0478', ...frames, ...jobs],
      dec: (i, o) => [process.execPath, BIN, 'decrypt', ...decKeys, '-i', i, '-o', o, '--force', ...jobs] },
    // The same work in plain Node without Envelope (bench/node_floor.mjs): what Node itself costs here.
    { name: 'node floor: AES-GCM 64 KiB frames', tool: 'floor', ext: 'floor',
      enc: (o) => [process.execPath, FLOOR, 'encrypt', f('floor.key'), input, o],
      dec: (i, o) => [process.execPath, FLOOR, 'decrypt', f('floor.key'), i, o] },
    { name: 'node floor: the same + SHA-384', tool: 'floor', ext: 'floorsha',
      enc: (o) => [process.execPath, FLOOR, 'encrypt', f('floor.key'), input, o, '--sha384'],
      dec: (i, o) => [process.execPath, FLOOR, 'decrypt', f('floor.key'), i, o, '--sha384'] },
    { name: `age ${ageVersion} (X25519)`, tool: 'age', ext: 'age',
      enc: (o) => ['age', '-r', recipient, '-o', o, input],
      dec: (i, o) => ['age', '-d', '-i', f('age.key'), '-o', o, i] },
  ];
  if (!FLOOR_ROWS) rows.splice(0, rows.length, ...rows.filter((r) => r.tool !== 'floor'));
  for (const r of rows) r.times = { encrypt: [], decrypt: [] }, r.rss = { encrypt: 0, decrypt: 0 };

  const load = [];
  for (let run = 0; run <= RUNS; run++) {
    load.push(loadavg()[0]);
    for (const r of rows) {
      for (const op of ['encrypt', 'decrypt']) {
        const ct = f(`data.${r.ext}`);
        const out = f(`data.${r.ext}.out`);
        rmSync(op === 'encrypt' ? ct : out, { force: true });
        const m = timed(op === 'encrypt' ? r.enc(ct) : r.dec(ct, out));
        if (run === 0) continue; // the warm-up: page cache, disk, code caches
        r.times[op].push(m.seconds);
        r.rss[op] = Math.max(r.rss[op], m.rssMiB);
      }
      r.identical = (await sha256(f(`data.${r.ext}.out`))) === inputHash;
      if (!r.identical) throw new Error(`${r.name}: the round trip differs from the input`);
    }
  }
  const age = rows.find((r) => r.tool === 'age');
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const loadNote = `load average ${Math.min(...load).toFixed(1)}-${Math.max(...load).toFixed(1)} during the runs`;
  console.log(`\nCLI vs age: ${MIB} MiB random file, median of ${RUNS} after a warm-up, wall time, envelope keys: ${KEYS === 'config' ? 'raw-rsa config (--config)' : 'RSA recipient/identity (-r/--identity)'}${JOBS ? `, --jobs ${JOBS}` : ''}${FRAME_LENGTH ? `, --frame-length ${FRAME_LENGTH}` : ''}; ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}; ${loadNote}`);
  const result = { date: new Date().toISOString(), mib: MIB, runs: RUNS, jobs: JOBS ?? 'default', frameLength: FRAME_LENGTH ?? 'default', keys: KEYS, machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`, load, rows: [] };
  for (const r of rows) {
    for (const op of ['encrypt', 'decrypt']) {
      const s = median(r.times[op]);
      const ratio = s / median(age.times[op]);
      result.rows.push({ name: r.name, op, seconds: s, all: r.times[op], peakRssMiB: r.rss[op], vsAge: ratio, identical: r.identical });
      console.log(`${`${op} ${r.name}`.padEnd(48)} ${s.toFixed(2).padStart(6)} s  ${r.tool === 'age' ? '       ' : `${ratio.toFixed(2)}× age`}  peak RSS ${r.rss[op].toFixed(1).padStart(5)} MiB  round trip ${r.identical ? 'identical' : 'DIFFERS'}`);
    }
  }
  mkdirSync(path.join(here, 'results'), { recursive: true });
  writeFileSync(path.join(here, 'results', 'cli_vs_age.json'), JSON.stringify(result, null, 2) + '\n');
  console.log('written to bench/results/cli_vs_age.json');
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function mustRun(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr || r.error}`);
  return r;
}

/** Runs argv under GNU time -v: wall seconds (measured here) and peak RSS in MiB (from time). */
function timed(argv) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(TIME, ['-v', ...argv], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr}`);
  const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  return { seconds, rssMiB: kb ? Number(kb[1]) / 1024 : NaN };
}

async function sha256(file) {
  const h = createHash('sha256');
  for await (const c of createReadStream(file, { highWaterMark: 1024 * 1024 })) h.update(c);
  return h.digest('hex');
}
