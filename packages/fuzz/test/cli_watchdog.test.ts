// The CLI's watchdog for synchronous hangs (no timer inside the fuzzing thread can fire then): an
// input made to spin forever ends the run with exit 1, naming the input and saving its bytes.
// Runs the built dist, as npm run fuzz does.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

describe('npm run fuzz: watchdog', () => {
  it('a synchronous hang in the fuzzing thread is caught: exit 1, the input named and saved', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fuzz-watchdog-'));
    try {
      const r = spawnSync(process.execPath, [cli], {
        env: { ...process.env, FUZZ_SECONDS: '60', FUZZ_SEED: '7', FUZZ_INPUT_TIMEOUT_MS: '1500', FUZZ_SELFTEST_HANG_AT: '3', FUZZ_ARTIFACTS: dir },
        encoding: 'utf8',
        timeout: 50_000,
      });
      expect(r.status, r.stdout + r.stderr).toBe(1);
      expect(r.stdout).toMatch(/FAIL: HANG: input #3 made no progress for 5000 ms/);
      const saved = JSON.parse(readFileSync(path.join(dir, 'hang-3.json'), 'utf8')) as { seed: number; description: string; bytesHex: string };
      expect(saved.seed).toBe(7);
      expect(saved.description).toMatch(/^0x[0-9a-f]{4} /);
      expect(saved.bytesHex.length).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
