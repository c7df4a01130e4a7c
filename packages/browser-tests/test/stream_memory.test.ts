/**
 * SLOW (one run of about a minute, on purpose): 1 GiB through encryptStream→decryptStream in the
 * page arrives intact, and the renderer's peak resident memory grows by at most 400 MiB over what it
 * was before (memory bounded by frames in flight, not by the stream's length). Throughput is
 * measured in bench/browser.mjs, never here.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openTestPage, type TestPage } from './harness/chromium.js';

const PAGE = new URL('./pages/stream_page.ts', import.meta.url).pathname;
const MiB = 1024 * 1024;
let t: TestPage;

beforeAll(async () => {
  t = await openTestPage(PAGE);
});
afterAll(async () => {
  await t?.close();
});

it('SLOW: 1 GiB through encryptStream→decryptStream arrives intact; the renderer grows ≤ 400 MiB', async () => {
  const before = t.rendererMemory();
  expect(before.size).toBeGreaterThan(0);
  expect(await t.call('roundTrip', 1024, 4096)).toBe(1024 * MiB);
  const after = t.rendererMemory();
  // The page's renderer (and any other of this browser's): peak now against resident before.
  const growth = Math.max(...[...before].map(([pid, b]) => (after.get(pid)?.peak ?? 0) - b.rss));
  console.log(`1 GiB stream: renderer peak +${Math.round(growth / MiB)} MiB over ${[...before.values()].map((b) => Math.round(b.rss / MiB)).join('/')} MiB`);
  expect(growth).toBeLessThanOrEqual(400 * MiB);
}, 600_000);
