// The short fuzzing run inside `npm test`: ~7 s of mutation fuzzing over every target (each
// gets at least one slice, however loaded the machine). FUZZ_SEED replays a failing schedule.
import { describe, expect, it } from 'vitest';
import { runFuzz } from '../src/run_fuzz.js';
import { formatReport } from '../src/report.js';
import { seedFrom } from '../src/prng.js';
import { SUITE_IDS } from '@envelope/core';

describe('fuzz (short run)', () => {
  it('mutated messages of every suite, framed and non-framed, fail typed through decrypt and decryptStream, and release nothing unverified', async () => {
    const seed = seedFrom(process.env['FUZZ_SEED']);
    const report = await runFuzz({ seconds: 7, seed, propertyShare: 0, slice: 8 });
    const text = formatReport(report);
    const mutants = report.targets.reduce((a, t) => a + t.mutants, 0);
    console.log(`fuzz short run: seed ${seed} (FUZZ_SEED=${seed} replays), ${mutants} mutants, ${report.failureCount} failures`);
    expect(report.failureCount, text).toBe(0);
    expect(report.targets).toHaveLength(SUITE_IDS.length * 2 + 4); // + two EDKs, threshold, cached, raw RSA
    for (const t of report.targets) {
      expect(t.cleanRuns, t.label).toBeGreaterThan(0);
      expect(t.cleanOk, t.label).toBe(t.cleanRuns);
      expect(t.mutants, t.label).toBeGreaterThan(0);
      expect(Object.values(t.codes).reduce((a, n) => a + n, 0) + t.mutatedOk, t.label).toBe(2 * t.mutants);
    }
    const kinds = report.kinds;
    for (const k of ['truncate', 'bit-flip', 'length-field'] as const) expect(kinds[k]!.mutants, k).toBeGreaterThan(0);
  });
});
