#!/usr/bin/env node
// Runs the whole suite once with vitest and ends with a plain 'N passed, N failed' line, so CI
// and people read the same verdict. Extra arguments go to vitest (a file filter, -t NAME, …);
// --no-docs skips the typedoc build (CI builds the docs once, not on every Node version).
// A whole run uses the native AES-GCM addon (built with the workspace), then runs the message,
// interop, tamper/truncation and fuzz tests a second time on node:crypto (ENVELOPE_NATIVE=0), so
// both backends pass them; the closing line counts both passes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(path.join(tmpdir(), 'envelope-test-'));
const report = path.join(dir, 'counts.json');
const noDocs = process.argv.includes('--no-docs');
const args = process.argv.slice(2).filter((a) => a !== '--no-docs');
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
// The AWS SDK warns in every process on Node 20 that its 2027 releases need Node 22: said once here.
if (Number(process.versions.node.split('.')[0]) < 22) {
  console.log('Node 20: the AWS SDK for JavaScript releases from January 2027 need Node 22 or later (its warning is silenced in the tests).');
}
/** The tests that run again on node:crypto: every path a message's bytes take through a backend. */
const BOTH_BACKENDS = [
  'packages/core/test/encrypt_decrypt',
  'packages/core/test/decoder',
  'packages/core/test/streams.test',
  'packages/core/test/streams_concurrency',
  'packages/core/test/frame_iv',
  'packages/core/test/rewrap.test',
  'packages/core/test/message_lending',
  'packages/core/test/crypto/',
  'packages/interop-tests/test/raw_aes_message_interop',
  'packages/interop-tests/test/stream_interop',
  'packages/interop-tests/test/lent_interop',
  'packages/interop-tests/test/hash_thread_interop',
  'packages/interop-tests/test/known_answer',
  'packages/fuzz/test/fuzz_short',
  'packages/fuzz/test/mutations',
  'packages/fuzz/test/oracle',
  'packages/fuzz/test/properties',
];
const runVitest = (files, counts, env = {}) =>
  spawnSync(process.execPath, [vitest, 'run', '--reporter=default', `--reporter=${path.join(root, 'scripts', 'count_reporter.mjs')}`, ...files], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ENVELOPE_TEST_COUNTS: counts, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
  });
const r = runVitest(args, report);
// The API docs must build with no warnings (typedoc.json treats warnings as errors); only on a
// whole run, not when a filter picks some tests.
let docsOk = true;
const whole = args.length === 0;
const secondReport = path.join(dir, 'counts-node-crypto.json');
let second;
if (whole && process.env.ENVELOPE_NATIVE !== '0') {
  console.log('\n == the message, interop, tamper/truncation and fuzz tests again on node:crypto (ENVELOPE_NATIVE=0)\n');
  second = runVitest(BOTH_BACKENDS, secondReport, { ENVELOPE_NATIVE: '0' });
}
if (whole && !noDocs) {
  const out = path.join(dir, 'api');
  const d = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--out', out], { cwd: root, encoding: 'utf8' });
  docsOk = d.status === 0;
  console.log(docsOk ? '\n ✓ docs: typedoc builds the API site with no warnings' : `\n × docs: typedoc failed\n${d.stdout}${d.stderr}`);
}
let summary;
let status = r.status ?? 1;
try {
  const counts = [report, ...(second ? [secondReport] : [])].map((f) => JSON.parse(readFileSync(f, 'utf8')));
  const sum = (k) => counts.reduce((a, j) => a + (j[k] ?? 0), 0);
  const skipped = sum('skipped');
  const passed = sum('passed') + (whole && !noDocs && docsOk ? 1 : 0);
  const failed = sum('failed') + (docsOk ? 0 : 1);
  const errors = sum('errors');
  const failures = counts.flatMap((j, i) => (j.failures ?? []).map((f) => (i === 1 ? `[ENVELOPE_NATIVE=0] ${f}` : f)));
  if (!docsOk) failures.push('docs: typedoc (see above)');
  if (failures.length > 0) console.log(`\nFailed:\n${failures.map((f) => `  × ${f}`).join('\n')}`);
  summary = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}${errors ? `, ${errors} error${errors === 1 ? '' : 's'} outside the tests (see above)` : ''}`;
} catch {
  summary = 'no test report was written';
}
if (!docsOk) status = 1;
if (second && second.status !== 0) status = second.status ?? 1;
rmSync(dir, { recursive: true, force: true });
console.log(`\n${summary}`);
process.exit(status);
