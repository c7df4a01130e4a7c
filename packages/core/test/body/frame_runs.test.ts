// Streams on the calling thread seal and open runs of regular frames in one backend call each
// (with the native addon; node:crypto frame by frame): whatever the run, a frame whose tag fails
// releases the frames before it and no byte of it or after it, and a stream's output is the same
// message whatever sizes its writes have.
import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AuthenticationError, decrypt, decryptStream, encrypt, encryptStream, parseHeader } from '@envelope/core';
import { fixedKeyring, random, randomChunks, streamed } from '../helpers.js';

const k = fixedKeyring('runs', 5);


const cut = (b: Buffer, size: number): Buffer[] => {
  const out: Buffer[] = [];
  for (let o = 0; o < b.length; o += size) out.push(b.subarray(o, o + size));
  return out;
};

describe('runs of frames in one backend call', () => {
  it('a failed tag inside a run: the frames before it are released, nothing of it or after it', async () => {
    const frameLength = 1024;
    const pt = random(300 * frameLength + 77);
    const m = Buffer.from((await encrypt(k, pt, { suiteId: 0x0478, frameLength })).ciphertext);
    const { headerLength } = parseHeader(m)!;
    const frameBytes = 16 + frameLength + 16;
    // Frame indexes: the first of the message, one inside a run, one past the first run's capacity.
    for (const index of [0, 7, 200]) {
      const bad = Buffer.from(m);
      bad[headerLength + index * frameBytes + frameBytes - 3]! ^= 1; // a byte of its tag
      for (const size of [1 << 20, 65536, 5000]) {
        const { out, error } = await streamed(cut(bad, size), decryptStream(k));
        expect(error).toBeInstanceOf(AuthenticationError);
        expect(out.equals(pt.subarray(0, index * frameLength))).toBe(true);
      }
    }
  });

  it('a decrypting stream hands out one chunk per frame, whether a run or the frame-by-frame path opened it', async () => {
    const frameLength = 4096;
    const pt = random(70 * frameLength + 123);
    const m = Buffer.from((await encrypt(k, pt, { suiteId: 0x0478, frameLength })).ciphertext);
    for (const size of [1 << 20, 65536, 5000]) {
      const t = decryptStream(k);
      const lengths: number[] = [];
      const parts: Buffer[] = [];
      const done = pipeline(t, new Writable({ write(c: Buffer, _e, cb) { lengths.push(c.length); parts.push(Buffer.from(c)); cb(); } }));
      for (const c of cut(m, size)) t.write(c);
      t.end();
      await done;
      expect(Buffer.concat(parts).equals(pt)).toBe(true);
      expect(lengths).toEqual([...Array<number>(70).fill(frameLength), 123]);
    }
  });

  it('a stream written in pieces of any size gives a message that opens to its plaintext, frame for frame as a buffer encrypt lays it out', async () => {
    for (const frameLength of [1, 100, 4096, 65535]) {
      const pt = random(frameLength * 37 + Math.min(11, frameLength));
      const chunks = randomChunks(pt, 3 * frameLength + 5);
      const { out, error } = await streamed(chunks, encryptStream(k, { suiteId: 0x0478, frameLength }));
      expect(error).toBeUndefined();
      const { header, headerLength } = parseHeader(out)!;
      expect(header.frameLength).toBe(frameLength);
      // 37 regular frames of 16 + frameLength + 16 bytes, then the final frame (4 + 4 + 12 + 4 + its content + 16).
      expect(out.length - headerLength).toBe(37 * (32 + frameLength) + 40 + Math.min(11, frameLength));
      expect(Buffer.from((await decrypt(k, out)).plaintext).equals(pt)).toBe(true);
      const back = await streamed(randomChunks(out, 2 * frameLength + 3), decryptStream(k));
      expect(back.error).toBeUndefined();
      expect(back.out.equals(pt)).toBe(true);
    }
  });
});
