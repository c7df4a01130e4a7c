// The pool of output memory (native/output_pool.cc): a collected output's memory is handed out
// again, never while a view of it is alive, and given back once the thread stops taking outputs.
// Collections are forced in child processes (--expose-gc), which then print what they saw.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NativeAes } from '@envelope/crypto-native';

const aes = NativeAes.load();
const packageRoot = fileURLToPath(new URL('..', import.meta.url));

/** Runs `body` (an async function's statements, with `aes` and `collect()` in scope) in a child; its printed JSON. */
function child(body: string): Record<string, unknown> {
  const r = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      '-e',
      `
      const { NativeAes } = require(${JSON.stringify(packageRoot)});
      const aes = NativeAes.load();
      // Node-API runs the finalizers of collected external memory in a task after the collection.
      const collect = async () => { for (let i = 0; i < 3; i++) { global.gc(); await new Promise(setImmediate); } };
      const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
      (async () => { ${body} })().then((r) => console.log(JSON.stringify(r)), (e) => { console.error(e); process.exit(1); });
      `,
    ],
    { encoding: 'utf8' },
  );
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

// Memory that malloc hands out again carries its free-list pointers in its first bytes; a block
// from the pool comes back exactly as it was left.
const REUSED = `
  const size = 66_304;
  let a = aes.outputBuffer(size);
  a.fill(0xa5);
  a = undefined;
  await collect();
  const b = aes.outputBuffer(size - 100); // the same size class
  return { reused: b.every((x) => x === 0xa5), length: b.length };
`;

describe('output memory of the native backend', () => {
  it('is a writable Buffer of the length asked, small, large (past the pooled sizes) or empty', () => {
    for (const n of [0, 1, 4095, 4096, 4097, 16_385, 66_304, 2 ** 20, 2 ** 20 + 1, 3 * 2 ** 20]) {
      const b = aes.outputBuffer(n);
      expect(Buffer.isBuffer(b)).toBe(true);
      expect(b.length).toBe(n);
      b.fill(0x5a);
      expect(b.every((x) => x === 0x5a)).toBe(true);
    }
  });

  it('comes back once collected: the next output of its size is the same memory, as it was left', () => {
    expect(child(REUSED)).toEqual({ reused: true, length: 66_204 });
  });

  it('is never handed out again while a view of it is alive, though its Buffer was collected', () => {
    const r = child(`
      let a = aes.outputBuffer(66_304);
      a.fill(0x3c);
      const view = a.subarray(64, 96);
      a = undefined;
      await collect();
      const others = [];
      for (let i = 0; i < 64; i++) others.push(aes.outputBuffer(66_304).fill(0));
      await collect();
      for (let i = 0; i < 64; i++) aes.outputBuffer(66_304).fill(0);
      return { intact: view.every((x) => x === 0x3c), others: others.length };
    `);
    expect(r).toEqual({ intact: true, others: 64 });
  });

  it('is given back to malloc once the thread took none for a while (an idle process keeps none)', () => {
    const r = child(`
      let a = aes.outputBuffer(66_304);
      a.fill(0xa5);
      a = undefined;
      await sleep(4500); // two idle periods: the first still saw the take
      await collect(); // the block comes back after the release: freed, not kept
      const b = aes.outputBuffer(66_304);
      return { reused: b.every((x) => x === 0xa5) };
    `);
    expect(r).toEqual({ reused: false });
  });

  it('holds at most 64 MiB lent and not back: a thread whose event loop never turns (finalizers wait) gets memory of its own past that', () => {
    const r = child(`
      const before = process.memoryUsage().rss;
      let last;
      // 4,096 outputs of 80 KiB blocks (320 MiB) without a turn of the loop, collected as they go.
      for (let i = 0; i < 4096; i++) { last = aes.outputBuffer(66_304).fill(i & 255); if (i % 256 === 255) global.gc(); }
      return { grownMiB: Math.round((process.memoryUsage().rss - before) / 2 ** 20), last: last.length };
    `);
    expect(r.last).toBe(66_304);
    expect(r.grownMiB).toBeLessThan(160);
  });

  it('works per thread: a worker takes, drops and keeps outputs and ends with some alive; the process lives on', () => {
    const r = child(`
      const { Worker } = require('node:worker_threads');
      const source = \`
        const { parentPort } = require('node:worker_threads');
        const { NativeAes } = require(${JSON.stringify(JSON.stringify(packageRoot)).slice(1, -1)});
        const aes = NativeAes.load();
        const kept = [];
        for (let i = 0; i < 200; i++) { const b = aes.outputBuffer(4096 * (1 + (i % 20))).fill(i); if (i % 3 === 0) kept.push(b); }
        global.gc();
        setImmediate(() => parentPort.postMessage(kept.length));
      \`;
      const w = new Worker(source, { eval: true }); // --expose-gc holds for the whole process
      const kept = await new Promise((resolve, reject) => { w.once('message', resolve); w.once('error', reject); });
      await new Promise((resolve) => w.once('exit', resolve));
      await collect();
      const b = aes.outputBuffer(8192).fill(1);
      return { kept, after: b.length };
    `);
    expect(r).toEqual({ kept: 67, after: 8192 });
  });
});
