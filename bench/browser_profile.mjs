#!/usr/bin/env node
// Profiles the browser bench page's stream and one-shot rows with Chromium's sampling profiler
// (CDP, through playwright-core) and prints the functions with the most self time.
// `node bench/browser_profile.mjs [stream|each|each78|versus|oneshot] [MiB] [--no-profile]`
// (--no-profile: the figures alone, to set one build beside another).
import { build } from 'esbuild';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const what = process.argv[2] ?? 'stream';
const mib = Number(process.argv[3] ?? 32);
const profiling = !process.argv.includes('--no-profile');
const r = await build({ entryPoints: [path.join(here, 'browser_page.mjs')], bundle: true, platform: 'browser', conditions: ['browser'], format: 'esm', target: 'es2022', minify: false, write: false, logLevel: 'silent' });
const js = r.outputFiles[0].text;
const server = createServer((req, res) => {
  if (req.url === '/page.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
  else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script type="module" src="/page.js"></script>');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction('globalThis.envelopeTests !== undefined');
  if (!profiling) {
    console.log(JSON.stringify(await page.evaluate(([w, n]) => globalThis.envelopeTests.profiled(w, n), [what, mib])));
    process.exit(0);
  }
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const result = await page.evaluate(([w, n]) => globalThis.envelopeTests.profiled(w, n), [what, mib]);
  const { profile } = await cdp.send('Profiler.stop');
  console.log(JSON.stringify(result));
  const self = new Map();
  const dt = new Map();
  for (let i = 0; i < profile.samples.length; i++) dt.set(profile.samples[i], (dt.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  let total = 0;
  for (const n of profile.nodes) {
    const t = (dt.get(n.id) ?? 0) / 1000;
    total += t;
    const f = n.callFrame;
    const k = `${f.functionName || '(anon)'} ${f.url ? path.basename(f.url) : ''}:${f.lineNumber}`;
    self.set(k, (self.get(k) ?? 0) + t);
  }
  console.log(`total sampled ${total.toFixed(0)} ms`);
  for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${t.toFixed(0).padStart(7)} ms ${(100 * t / total).toFixed(1).padStart(5)}%  ${k}`);
} finally {
  await browser.close();
  server.close();
}
