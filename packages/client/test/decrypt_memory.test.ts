// Memory of a default application: a child process that imports the built @envelope/client and
// decrypts 1 GiB as a stream from a file (made by the child's generator in /dev/shm, memory rather
// than disk: fixtures/decrypt_memory_child.mjs) reports its peak RSS over its own baseline (after
// imports and a warm-up message). Bounds, not timings: the peak is per-frame garbage waiting for a
// collection, so fewer objects per frame keep it down. Uses the built dist (npm test builds first).
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cryptoBackend } from '@envelope/client';

const child = fileURLToPath(new URL('./fixtures/decrypt_memory_child.mjs', import.meta.url));

interface Report {
  readonly baseline: number;
  readonly peak: number;
  readonly bytes: number;
  readonly sha256: string;
  readonly expected: string;
}

/** Runs the child; its report, once it exited by itself (its worker keeps nothing alive). */
async function measure(args: readonly (string | number)[]): Promise<Report> {
  const p = spawn(process.execPath, [child, ...args.map(String)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  p.stdout.on('data', (d: Buffer) => (out += d.toString()));
  p.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => p.on('close', resolve));
  expect(code, err).toBe(0);
  return JSON.parse(out.trim()) as Report;
}

describe('decryptStream of 1 GiB in a default application process', () => {
  // With the native AES-GCM addon (the child's backend unless ENVELOPE_NATIVE=0) a frame leaves no
  // cipher object and no buffer of its own behind: the tighter bounds hold.
  const native = process.env.ENVELOPE_NATIVE !== '0' && cryptoBackend.name === 'native';
  const cases = [
    { frameLength: 4096, concurrency: 1, bound: native ? 24 : 41 },
    // 64 KiB frames: Node 24's V8 collects the dead per-frame ArrayBuffers later than Node 20's
    // and 22's (bench/README.md § Memory has the figures per Node version); the bound is the one
    // every supported Node meets until the large-frame path allocates less per frame.
    { frameLength: 65536, concurrency: 1, bound: 64 },
    // Frames on a worker thread: its own heap and the batches out add to the process.
    { frameLength: 4096, concurrency: 2, bound: 64 },
  ] as const;
  for (const { frameLength, concurrency, bound } of cases) {
    it(`${frameLength / 1024} KiB frames${concurrency > 1 ? `, concurrency ${concurrency}` : ''}: peak RSS within ${bound} MiB of the baseline`, async () => {
      const r = await measure([frameLength, 1024, concurrency]);
      expect(r.bytes).toBe(1024 * 1024 * 1024);
      expect(r.sha256).toBe(r.expected);
      expect(r.peak - r.baseline, `peak ${r.peak.toFixed(1)} MiB, baseline ${r.baseline.toFixed(1)} MiB`).toBeLessThanOrEqual(bound);
    }, 600_000);
  }
});
