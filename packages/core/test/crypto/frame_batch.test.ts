// Frames sealed and opened a run at a time (one backend batch) are the bytes of the frame-by-frame path.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findSuite } from '@envelope/core';
import { backend } from '#crypto-backend';
import { BodyCipher } from '../../src/crypto/body_cipher.js';
import { openFrames, sealFrames } from '../../src/crypto/frame_batch.js';
import { writeFinalFrame, writeFrame } from '../../src/encryptor.js';
import { now } from '../../src/crypto/maybe.js';

const suite = findSuite(0x0578)!;
const f = 1000;

function cipher(): BodyCipher {
  return new BodyCipher(suite, now(backend.importAesKey(randomBytes(32))), randomBytes(32));
}

/** The frame-by-frame bytes of frames seq.. of `pt` (the last one final when `final`). */
function oneByOne(body: BodyCipher, seq: number, pt: Buffer, final: boolean): Buffer {
  const out = Buffer.alloc(pt.length + 100 * (Math.ceil(pt.length / f) + 1));
  let o = 0;
  const regular = final ? (pt.length === 0 ? 0 : Math.ceil(pt.length / f) - 1) : pt.length / f;
  for (let i = 0; i < regular; i++) o = now(writeFrame(body, seq + i, pt.subarray(i * f, (i + 1) * f), out, o));
  if (final) o = now(writeFinalFrame(body, seq + regular, pt.subarray(regular * f), out, o));
  return out.subarray(0, o);
}

describe('frame batches', () => {
  it.each([
    ['regular frames', 5 * f, false],
    ['regular frames and a short final frame', 4 * f + 17, true],
    ['a full final frame', 3 * f, true],
    ['an empty final frame alone', 0, true],
  ] as const)('%s: sealFrames writes the frame-by-frame bytes, openFrames returns the plaintext', (_l, length, final) => {
    const body = cipher();
    const pt = randomBytes(length);
    const want = oneByOne(body, 7, pt, final);
    const out = new Uint8Array(want.length + 64);
    const n = now(sealFrames(body, f, 7, pt, length, final, out));
    expect(Buffer.from(out.subarray(0, n)).equals(want)).toBe(true);
    const count = final ? Math.max(1, Math.ceil(length / f)) : length / f;
    const back = new Uint8Array(length);
    expect(now(openFrames(body, f, 7, out, n, count, final, back))).toEqual({ length });
    expect(Buffer.from(back).equals(pt)).toBe(true);
  });

  it('a bad tag in the third frame releases the first two only', () => {
    const body = cipher();
    const pt = randomBytes(5 * f);
    const out = new Uint8Array(6 * f);
    const n = now(sealFrames(body, f, 1, pt, pt.length, false, out));
    const size = n / 5;
    out[2 * size + size - 1]! ^= 1;
    const back = new Uint8Array(pt.length).fill(0xaa);
    expect(now(openFrames(body, f, 1, out, n, 5, false, back))).toEqual({ length: 2 * f, failedAt: 2 });
    expect(Buffer.from(back.subarray(0, 2 * f)).equals(pt.subarray(0, 2 * f))).toBe(true);
    // The failed frame's output zeroed or left unwritten (the interface allows either), nothing after it.
    const failed = back.subarray(2 * f, 3 * f);
    expect(failed.every((b) => b === 0) || failed.every((b) => b === 0xaa)).toBe(true);
    expect(back.subarray(3 * f).every((b) => b === 0xaa)).toBe(true);
  });

  it('frames out of sequence are refused before any is opened', () => {
    const body = cipher();
    const pt = randomBytes(2 * f);
    const out = new Uint8Array(3 * f);
    const n = now(sealFrames(body, f, 1, pt, pt.length, false, out));
    expect(() => openFrames(body, f, 2, out, n, 2, false, new Uint8Array(2 * f))).toThrow(/batch of frames/);
  });
});
