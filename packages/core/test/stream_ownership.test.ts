// Issue 14 item 1: a producer may reuse its buffer once a write's callback ran. The streams used to
// keep views of those buffers (frames ≥ 64 KiB, non-framed bodies, bytes held between writes), so a
// reused buffer silently changed the message (encrypt) or failed it (decrypt).
import { randomFillSync } from 'node:crypto';
import type { Transform } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { encrypt, decrypt, encryptStream, decryptStream } from '@envelope/core';
import { fixedKeyring, random } from './helpers.js';

/** Collects what `t` emits. */
function collect(t: Transform): Promise<Buffer> {
  const parts: Buffer[] = [];
  t.on('data', (c: Buffer) => parts.push(c));
  return new Promise((resolve, reject) => {
    t.on('end', () => resolve(Buffer.concat(parts)));
    t.on('error', reject);
  });
}

/** Writes `source` through `t` from ONE buffer of `chunk` bytes, overwritten after each write callback. */
async function writeReusing(t: Transform, source: Buffer, chunk: number): Promise<void> {
  const buf = Buffer.alloc(chunk);
  for (let o = 0; o < source.length; o += chunk) {
    const n = source.copy(buf, 0, o, o + chunk);
    await new Promise<void>((resolve, reject) => t.write(buf.subarray(0, n), (err) => (err ? reject(err) : resolve())));
    randomFillSync(buf); // the producer reuses its buffer: what the stream kept must not change
  }
  t.end();
}

describe('streams own what they keep past a write callback', () => {
  it.each([
    ['large frames', 128 * 1024, 48 * 1024],
    ['large frames, tiny writes', 64 * 1024, 1000],
    ['small frames', 4096, 1000],
    ['non-framed', 0, 40 * 1024],
  ])('encryptStream, %s (frame %i, writes of %i bytes)', async (_l, frameLength, chunk) => {
    const k = fixedKeyring();
    const pt = random(300_000);
    const t = encryptStream(k, { frameLength });
    const out = collect(t);
    await writeReusing(t, pt, chunk);
    const { plaintext } = await decrypt(k, await out);
    expect(Buffer.from(plaintext).equals(pt)).toBe(true);
  });

  it.each([
    ['large frames', 128 * 1024, 40 * 1024],
    ['small frames', 4096, 1000],
    ['non-framed', 0, 40 * 1024],
  ])('decryptStream, %s (frame %i, writes of %i bytes)', async (_l, frameLength, chunk) => {
    const k = fixedKeyring();
    const pt = random(300_000);
    const { ciphertext } = await encrypt(k, pt, { frameLength });
    const t = decryptStream(k);
    const out = collect(t);
    await writeReusing(t, Buffer.from(ciphertext), chunk);
    expect((await out).equals(pt)).toBe(true);
  });
});
