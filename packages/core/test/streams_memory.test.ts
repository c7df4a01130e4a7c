// Decrypting a large stream in a child process (the message piped in from another one): peak RSS
// (VmHWM) stays within a fixed amount of the RSS after import, with and without worker threads, and
// the process exits on its own (workers keep nothing alive). 1 GiB with ENVELOPE_BIG_TESTS=1,
// 64 MiB otherwise. Uses the built dist.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const child = fileURLToPath(new URL('./fixtures/stream_memory_child.mjs', import.meta.url));
const mib = process.env['ENVELOPE_BIG_TESTS'] ? 1024 : 64;

/** Runs `encrypt mib | decrypt concurrency`; resolves with the decrypter's report and the plaintext's hash. */
async function measure(concurrency: number): Promise<{ report: { baseline: number; peak: number; bytes: number; sha256: string }; sha256: string }> {
  const enc = spawn(process.execPath, [child, 'encrypt', String(mib)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const dec = spawn(process.execPath, [child, 'decrypt', String(concurrency)], { stdio: ['pipe', 'pipe', 'pipe'] });
  enc.stdout.pipe(dec.stdin);
  let sha256 = '';
  let out = '';
  let err = '';
  enc.stderr.on('data', (d: Buffer) => (sha256 += d.toString()));
  dec.stdout.on('data', (d: Buffer) => (out += d.toString()));
  dec.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const codes = await Promise.all([enc, dec].map((p) => new Promise<number | null>((resolve) => p.on('close', resolve))));
  expect(codes, err).toEqual([0, 0]);
  return { report: JSON.parse(out.trim()) as never, sha256 };
}

describe(`decryptStream of ${mib} MiB (4 KiB frames) in a child process`, () => {
  for (const [concurrency, bound] of [[1, 24], [2, 64]] as const) {
    it(`concurrency ${concurrency}: peak RSS within ${bound} MiB of the RSS after import, and the process exits`, async () => {
      const { report, sha256 } = await measure(concurrency);
      expect(report.bytes).toBe(mib * 1024 * 1024);
      expect(report.sha256).toBe(sha256);
      expect(report.peak, `peak ${report.peak.toFixed(1)} MiB, baseline ${report.baseline.toFixed(1)} MiB`).toBeLessThanOrEqual(report.baseline + bound);
    }, 660_000);
  }
});
