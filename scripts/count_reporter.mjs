// A vitest reporter that prints nothing and writes the run's counts as JSON to the file named by
// ENVELOPE_TEST_COUNTS, for scripts/test.mjs's closing line (vitest's JSON reporter announces a
// report file that the script then deletes).
import { writeFileSync } from 'node:fs';

function count(tasks, into, trail = []) {
  for (const t of tasks) {
    if (t.type === 'suite' || t.tasks) count(t.tasks ?? [], into, [...trail, t.name]);
    else if (t.mode === 'skip' || t.mode === 'todo') into.skipped++;
    else if (t.result?.state === 'pass') into.passed++;
    else if (t.result?.state === 'fail') {
      into.failed++;
      // Named again at the end of the run, where a CI log that keeps only its tail still shows them.
      into.failures?.push(`${[...trail, t.name].join(' > ')}: ${String(t.result.errors?.[0]?.message ?? '').split('\n')[0].slice(0, 300)}`);
    }
  }
  return into;
}

export default class CountReporter {
  onFinished(files = [], errors = []) {
    const c = count(files, { passed: 0, failed: 0, skipped: 0, failures: [] });
    // A file that failed to load (a syntax error, a failing hook) has no tests to count: one failure.
    const unloaded = files.filter((f) => f.result?.state === 'fail' && count(f.tasks ?? [], { passed: 0, failed: 0, skipped: 0 }).failed === 0);
    c.failed += unloaded.length;
    for (const f of unloaded) c.failures.push(`${f.name}: ${String(f.result.errors?.[0]?.message ?? 'failed to load').split('\n')[0].slice(0, 300)}`);
    // Errors outside any test (vitest's own RPC timeouts on a loaded machine, unhandled rejections).
    c.errors = errors.length;
    if (process.env.ENVELOPE_TEST_COUNTS) writeFileSync(process.env.ENVELOPE_TEST_COUNTS, JSON.stringify(c));
  }
}
