// A vitest reporter that prints nothing and writes the run's counts as JSON to the file named by
// ENVELOPE_TEST_COUNTS, for scripts/test.mjs's closing line (vitest's JSON reporter announces a
// report file that the script then deletes).
import { writeFileSync } from 'node:fs';

function count(tasks, into) {
  for (const t of tasks) {
    if (t.type === 'suite' || t.tasks) count(t.tasks ?? [], into);
    else if (t.mode === 'skip' || t.mode === 'todo') into.skipped++;
    else if (t.result?.state === 'pass') into.passed++;
    else if (t.result?.state === 'fail') into.failed++;
  }
  return into;
}

export default class CountReporter {
  onFinished(files = [], errors = []) {
    const c = count(files, { passed: 0, failed: 0, skipped: 0 });
    // A file that failed to load (a syntax error, a failing hook) has no tests to count: one failure.
    c.failed += files.filter((f) => f.result?.state === 'fail' && count(f.tasks ?? [], { passed: 0, failed: 0, skipped: 0 }).failed === 0).length;
    // Errors outside any test (vitest's own RPC timeouts on a loaded machine, unhandled rejections).
    c.errors = errors.length;
    if (process.env.ENVELOPE_TEST_COUNTS) writeFileSync(process.env.ENVELOPE_TEST_COUNTS, JSON.stringify(c));
  }
}
