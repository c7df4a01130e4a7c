#!/usr/bin/env node
// Runs the whole suite once with vitest and ends with a plain 'N passed, N failed' line, so CI
// and people read the same verdict. Extra arguments go to vitest (a file filter, -t NAME, …);
// --no-docs skips the typedoc build (CI builds the docs once, not on every Node version).
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
const r = spawnSync(process.execPath, [vitest, 'run', '--reporter=default', `--reporter=${path.join(root, 'scripts', 'count_reporter.mjs')}`, ...args], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ENVELOPE_TEST_COUNTS: report, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
});
// The API docs must build with no warnings (typedoc.json treats warnings as errors); only on a
// whole run, not when a filter picks some tests.
let docsOk = true;
const whole = args.length === 0;
if (whole && !noDocs) {
  const out = path.join(dir, 'api');
  const d = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--out', out], { cwd: root, encoding: 'utf8' });
  docsOk = d.status === 0;
  console.log(docsOk ? '\n ✓ docs: typedoc builds the API site with no warnings' : `\n × docs: typedoc failed\n${d.stdout}${d.stderr}`);
}
let summary;
let status = r.status ?? 1;
try {
  const j = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = j.skipped;
  const passed = j.passed + (whole && !noDocs && docsOk ? 1 : 0);
  const failed = j.failed + (docsOk ? 0 : 1);
  summary = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}${j.errors ? `, ${j.errors} error${j.errors === 1 ? '' : 's'} outside the tests (see above)` : ''}`;
} catch {
  summary = 'no test report was written';
}
if (!docsOk) status = 1;
rmSync(dir, { recursive: true, force: true });
console.log(`\n${summary}`);
process.exit(status);
