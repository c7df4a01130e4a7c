#!/usr/bin/env node
// The browser bench: headless Debian chromium (playwright-core), a page bundled by esbuild from
// @envelope/client's browser build and @aws-crypto/client-browser 4.2.2. Rows: a 1 GiB stream
// through encryptStream→decryptStream (MB/s, the renderer's peak memory growth), 1 KiB messages
// (ops/s), each stream alone beside Envelope's one-shot call (32 MiB, alternated), one-shot 64 MiB
// messages (MB/s) for both; bundle sizes (minified, gzipped) of a raw-AES
// app and of the whole client. `node bench/browser.mjs [--quick]` (quick: 128 MiB stream).
import { build } from 'esbuild';
import { createServer } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const MiB = 1024 * 1024;
const STREAM = (quick ? 128 : 1024) * MiB;
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function bundle(entry, minify) {
  const r = await build({ entryPoints: [entry], bundle: true, platform: 'browser', conditions: ['browser'], format: 'esm', target: 'es2022', minify, write: false, logLevel: 'silent' });
  return r.outputFiles[0].text;
}

async function bundleSizes() {
  const app = path.join(here, '..', 'packages', 'browser-tests', 'test', 'pages');
  const size = async (f) => gzipSync(await bundle(path.join(app, f), true), { level: 9 }).length / 1024;
  return { rawAesApp: await size('raw_aes_app.ts'), fullClient: await size('full_client_app.ts') };
}

function serve(js) {
  const server = createServer((req, res) => {
    if (req.url === '/page.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
    else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script type="module" src="/page.js"></script>');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function status(pid, field) {
  return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
}

/** The renderers of the Chromium on `profile` (a --type=renderer process under the one with --user-data-dir=profile). */
function renderers(profile) {
  const cmd = (pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      return '';
    }
  };
  const parent = (pid) => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  };
  return readdirSync('/proc').map(Number).filter((pid) => {
    if (!Number.isInteger(pid) || !cmd(pid).includes('--type=renderer')) return false;
    for (let p = parent(pid), hops = 0; p > 1 && hops < 5; p = parent(p), hops++) if (cmd(p).includes(`--user-data-dir=${profile}`)) return true;
    return false;
  });
}

const fmt = (n) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const sizes = await bundleSizes();
console.log(`Envelope in the browser (headless ${path.basename('/usr/bin/chromium')}, ${new Date().toISOString()})\n`);
console.log(`bundle, min+gz: raw-AES app (encrypt, decrypt, RawAesKeyring) ${fmt(sizes.rawAesApp)} KiB; whole client ${fmt(sizes.fullClient)} KiB`);

const server = await serve(await bundle(path.join(here, 'browser_page.mjs'), true));
const profile = mkdtempSync(path.join(tmpdir(), 'envelope-bench-chromium-'));
const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args: ARGS });
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction('globalThis.envelopeTests !== undefined');
  const pids = renderers(profile);
  const before = pids.map((p) => status(p, 'VmRSS'));
  const s = await page.evaluate(([n]) => globalThis.envelopeTests.streamRoundTrip(n, 4096), [STREAM]);
  const growth = Math.max(...pids.map((p, i) => status(p, 'VmHWM') - before[i]));
  console.log(`stream ${STREAM / MiB} MiB encryptStream→decryptStream (0x0578, 4 KiB frames): ${fmt(s.mbPerSecond)} MB/s, intact; renderer peak +${fmt(growth / MiB)} MiB over ${fmt(before[0] / MiB)} MiB`);
  for (const suiteId of [0x0478, 0x0578]) {
    const r = await page.evaluate(([id]) => globalThis.envelopeTests.kibRows(id), [suiteId]);
    for (const op of ['encrypt', 'decrypt']) {
      const e = r[op].esdk;
      console.log(`1 KiB ${op} 0x0${suiteId.toString(16)}: envelope ${fmt(r[op].envelope)} ops/s, esdk-browser ${typeof e === 'number' ? `${fmt(e)} ops/s, ×${(r[op].envelope / e).toFixed(2)}` : e}`);
    }
  }
  // The streams alone beside the one-shot calls, alternated in the same page (the machine's load
  // moves both alike): encryptStream fed 1 MiB chunks, decryptStream fed 64 KiB chunks as a fetch body.
  const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const suiteId of [0x0578, 0x0478]) {
    const rounds = await page.evaluate(([id]) => globalThis.envelopeTests.streamVersusOneShot(32, id, 3), [suiteId]);
    for (const op of ['encrypt', 'decrypt']) {
      const st = median(rounds.map((r) => r.stream[op]));
      const one = median(rounds.map((r) => r.oneShot[op]));
      console.log(`32 MiB 0x0${suiteId.toString(16)} ${op}Stream vs one-shot ${op}, 4 KiB frames, median of 3 alternated: ${fmt(st)} vs ${fmt(one)} MB/s, ×${(st / one).toFixed(2)}`);
    }
  }
  const o = await page.evaluate(() => globalThis.envelopeTests.oneShot(64, 0x0578));
  for (const op of ['encrypt', 'decrypt']) {
    const e = o.esdk[op];
    console.log(`64 MiB one-shot ${op} 0x0578: envelope ${fmt(o.envelope[op])} MB/s, esdk-browser ${typeof e === 'number' ? `${fmt(e)} MB/s, ×${(o.envelope[op] / e).toFixed(2)}` : e}`);
  }
} finally {
  await context.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
