/**
 * SLOW, one run: a long stream through encryptStream→decryptStream in the page arrives intact, and
 * the renderer's peak resident memory grows by at most 400 MiB over what it was before (memory
 * bounded by frames in flight, not by the stream's length). 256 MiB in the suite; 1 GiB with
 * ENVELOPE_BROWSER_STREAM_MIB=1024 (and in bench/browser.mjs, which also measures throughput: never
 * asserted here).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openTestPage, type TestPage } from './harness/chromium.js';

const PAGE = new URL('./pages/stream_page.ts', import.meta.url).pathname;
const MiB = 1024 * 1024;
const STREAM_MIB = Number(process.env['ENVELOPE_BROWSER_STREAM_MIB'] ?? 256);
let t: TestPage;

beforeAll(async () => {
  t = await openTestPage(PAGE);
});
afterAll(async () => {
  await t?.close();
});

it(`SLOW: ${STREAM_MIB} MiB through encryptStream→decryptStream arrives intact; the renderer grows ≤ 400 MiB`, async () => {
  const before = t.rendererMemory();
  expect(before.size).toBeGreaterThan(0);
  expect(await t.call('roundTrip', STREAM_MIB, 4096)).toBe(STREAM_MIB * MiB);
  const after = t.rendererMemory();
  // The page's renderer (and any other of this browser's): peak now against resident before.
  const growth = Math.max(...[...before].map(([pid, b]) => (after.get(pid)?.peak ?? 0) - b.rss));
  console.log(`${STREAM_MIB} MiB stream: renderer peak +${Math.round(growth / MiB)} MiB over ${[...before.values()].map((b) => Math.round(b.rss / MiB)).join('/')} MiB`);
  expect(growth).toBeLessThanOrEqual(400 * MiB);
}, 600_000);
