#!/usr/bin/env node
// What an `envelope` call costs before and around its first byte: a 1 KB file encrypted with an
// RSA recipient (`-r`) and decrypted with its identity, and `envelope --help`, through the bin
// (packages/cli/bin/envelope.js: the bundle the build writes) and through dist/bin.js (the same
// program as tsc compiled it, one module file each), with plain `node -e 0` beside them. Runs in
// turns (every case once per round) so that load from elsewhere hits every row alike; the median
// wall time, the median CPU time (user + system) and the median peak RSS per row, from GNU time.
//
//   node bench/cli_startup.mjs [--runs 5]   (after a build)
//
// Needs GNU time (apt-get install time); without it it says so and skips.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.resolve(here, '..', 'packages', 'cli');
const BINS = { bundle: path.join(cli, 'bin', 'envelope.js'), dist: path.join(cli, 'dist', 'bin.js') };
const i = process.argv.indexOf('--runs');
const RUNS = i >= 0 ? Number(process.argv[i + 1]) : 5;
const TIME = '/usr/bin/time';

if (spawnSync(TIME, ['-f', '%e', 'true']).status !== 0) {
  console.log(`CLI start-up: skipped, ${TIME} (GNU time) is missing (Debian/Ubuntu: apt-get install time)`);
  process.exit(0);
}

const dir = mkdtempSync(path.join(tmpdir(), 'envelope-cli-startup-'));
const f = (name) => path.join(dir, name);

/** One timed run: wall s, CPU s, peak RSS MiB; throws unless it exits 0. */
function timed(args) {
  const r = spawnSync(TIME, ['-f', '%e %U %S %M', ...args], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  const [wall, user, sys, kib] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { wall, cpu: user + sys, rss: kib / 1024 };
}

try {
  const keygen = spawnSync(process.execPath, [BINS.bundle, 'keygen', 'rsa', '--bits', '4096', '-o', f('escrow'), '--no-passphrase']);
  if (keygen.status !== 0) throw new Error(`keygen failed: ${keygen.stderr}`);
  writeFileSync(f('small'), Buffer.alloc(1024, 7));
  const cases = [];
  for (const [name, bin] of Object.entries(BINS)) {
    cases.push({ name: `encrypt 1 KB, ${name}`, args: [process.execPath, bin, 'encrypt', '-r', f('escrow.pub.pem'), '-i', f('small'), '-o', f(`small.${name}.envelope`), '--force'] });
  }
  for (const [name, bin] of Object.entries(BINS)) {
    cases.push({ name: `decrypt 1 KB, ${name}`, args: [process.execPath, bin, 'decrypt', '--identity', f('escrow.pem'), '-i', f(`small.${name}.envelope`), '-o', f(`small.${name}.out`), '--force'] });
  }
  for (const [name, bin] of Object.entries(BINS)) cases.push({ name: `--help, ${name}`, args: [process.execPath, bin, '--help'] });
  cases.push({ name: 'node -e 0', args: [process.execPath, '-e', '0'] });
  for (const c of cases) timed(c.args); // warm-up; also writes the messages the decrypt rows read
  const load = [loadavg()[0]];
  const runs = cases.map(() => []);
  for (let r = 0; r < RUNS; r++) cases.forEach((c, k) => runs[k].push(timed(c.args)));
  load.push(loadavg()[0]);
  const median = (xs) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];
  console.log(`CLI start-up, median of ${RUNS} runs in turns, ${new Date().toISOString()}, load ${load.map((l) => l.toFixed(1)).join(' → ')}`);
  cases.forEach((c, k) => {
    const m = (key) => median(runs[k].map((x) => x[key]));
    console.log(`${c.name.padEnd(24)} wall ${m('wall').toFixed(2)} s  cpu ${m('cpu').toFixed(2)} s  peak RSS ${m('rss').toFixed(1)} MiB`);
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
