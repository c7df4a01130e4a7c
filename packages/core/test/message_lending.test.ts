// The lending writer and reader (startMessageWriter, messageReader): their output is views of their
// own reused memory, valid until the sink returns; the messages are the streams' (each reads the
// other's), plaintext is zeroed when a message ends or fails, and no byte of a bad frame is released.
// The suite runs this file on both backends (ENVELOPE_NATIVE=0: node:crypto, which may allocate).
import { describe, expect, it } from 'vitest';
import { Writable, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AuthenticationError,
  TruncatedMessageError,
  cryptoBackend,
  decrypt,
  decryptStream,
  encrypt,
  encryptStream,
  messageReader,
  parseHeader,
  startMessageWriter,
  type LentSink,
} from '@envelope/core';
import { fixedKeyring, random, randomChunks } from './helpers.js';

const k = fixedKeyring('lent', 9);
const native = cryptoBackend.name === 'native';

const cut = (b: Buffer, size: number): Buffer[] => {
  const out: Buffer[] = [];
  for (let o = 0; o < b.length; o += size) out.push(b.subarray(o, o + size));
  return out;
};

/** A sink that copies what it gets and notes the memory each view lies in. */
function collector(): { sink: LentSink; out: () => Buffer; buffers: ArrayBufferLike[] } {
  const parts: Buffer[] = [];
  const buffers: ArrayBufferLike[] = [];
  return { sink: (b) => (buffers.push(b.buffer), parts.push(Buffer.from(b))), out: () => Buffer.concat(parts), buffers };
}

/** The whole message the lending writer makes of `chunks` (the caller's buffer reused between writes, as the CLI's). */
async function written(chunks: readonly Buffer[], options: Parameters<typeof startMessageWriter>[1]): Promise<{ message: Buffer; buffers: ArrayBufferLike[] }> {
  const w = await startMessageWriter(k, options);
  const c = collector();
  const reused = Buffer.alloc(Math.max(1, ...chunks.map((x) => x.length)));
  try {
    for (const chunk of chunks) {
      chunk.copy(reused);
      await w.write(reused.subarray(0, chunk.length), c.sink);
      reused.fill(0xee); // the writer keeps no view of it
    }
    await w.end(c.sink);
  } finally {
    w.close();
  }
  return { message: Buffer.concat([Buffer.from(w.headerBytes), c.out()]), buffers: c.buffers };
}

/** What the lending reader makes of `chunks`: the plaintext, the views' memory, the error if any. */
async function read(chunks: readonly Buffer[], options: Parameters<typeof messageReader>[1] = {}) {
  const r = messageReader(k, options);
  const c = collector();
  let error: unknown;
  try {
    for (const chunk of chunks) await r.write(chunk, c.sink);
    await r.end(c.sink);
  } catch (e) {
    error = e;
  } finally {
    r.close();
  }
  return { plaintext: c.out(), buffers: c.buffers, error, reader: r };
}

async function streamed(message: Buffer, t: ReturnType<typeof decryptStream>): Promise<Buffer> {
  const parts: Buffer[] = [];
  await pipeline(Readable.from(cut(message, 70000)), t, new Writable({ write(b: Buffer, _e, cb) { parts.push(b); cb(); } }));
  return Buffer.concat(parts);
}

describe('the lending writer and reader', () => {
  for (const suiteId of [0x0478, 0x0578] as const) {
    for (const frameLength of [4096, 65536, 1000, 0]) {
      it(`round trips with the streams both ways (suite 0x${suiteId.toString(16)}, frames ${frameLength})`, async () => {
        const pt = random(9 * Math.max(frameLength, 4096) + 321);
        const { message } = await written(randomChunks(pt, 150_000), { suiteId, frameLength });
        expect(parseHeader(message)!.header.frameLength).toBe(frameLength);
        expect((await streamed(message, decryptStream(k))).equals(pt)).toBe(true);
        expect(Buffer.from((await decrypt(k, message)).plaintext).equals(pt)).toBe(true);
        const fromStream = await streamed(pt, encryptStream(k, { suiteId, frameLength }));
        const back = await read(randomChunks(fromStream, 150_000));
        expect(back.error).toBeUndefined();
        expect(back.plaintext.equals(pt)).toBe(true);
        expect(back.reader.header?.suiteId).toBe(suiteId);
      });
    }
  }

  it('an empty message, and one that is exactly whole frames, round trip', async () => {
    for (const pt of [Buffer.alloc(0), random(4 * 65536)]) {
      const { message } = await written(cut(pt, 131072), { suiteId: 0x0478, frameLength: 65536 });
      expect(Buffer.from((await decrypt(k, message)).plaintext).equals(pt)).toBe(true);
      const back = await read(cut(message, 131072));
      expect(back.plaintext.equals(pt)).toBe(true);
    }
  });

  it.runIf(native)('the writer seals every write into the same memory, 4 KiB and 64 KiB frames', async () => {
    for (const frameLength of [4096, 65536]) {
      const { buffers } = await written(cut(random(40 * 65536 + 5), 131072), { suiteId: 0x0478, frameLength });
      expect(buffers.length).toBeGreaterThan(20);
      // Every body view but the signed suite's footer lies in one buffer.
      expect(new Set(buffers).size).toBe(1);
    }
  });

  it.runIf(native)('the reader opens into one buffer and zeroes it at the end', async () => {
    for (const frameLength of [4096, 65536]) {
      const pt = random(40 * 65536 + 5);
      const message = Buffer.from((await encrypt(k, pt, { suiteId: 0x0478, frameLength })).ciphertext);
      const { plaintext, buffers, error } = await read(cut(message, 131072));
      expect(error).toBeUndefined();
      expect(plaintext.equals(pt)).toBe(true);
      const regular = buffers.slice(0, -1); // the final frame comes from the cipher
      expect(new Set(regular).size).toBe(1);
      expect(Buffer.from(regular[0] as ArrayBuffer).every((x) => x === 0)).toBe(true);
    }
  });

  it('a tampered frame: the frames before it, nothing of it, AuthenticationError, the plaintext memory zeroed', async () => {
    for (const frameLength of [4096, 65536]) {
      const pt = random(30 * frameLength + 99);
      const m = Buffer.from((await encrypt(k, pt, { suiteId: 0x0478, frameLength })).ciphertext);
      const { headerLength } = parseHeader(m)!;
      const frameBytes = 16 + frameLength + 16;
      for (const index of [0, 5, 17]) {
        const bad = Buffer.from(m);
        bad[headerLength + index * frameBytes + 40]! ^= 1; // a byte of its ciphertext
        const { plaintext, buffers, error } = await read(cut(bad, 131072));
        expect(error).toBeInstanceOf(AuthenticationError);
        expect(plaintext.equals(pt.subarray(0, index * frameLength))).toBe(true);
        for (const b of new Set(buffers)) expect(Buffer.from(b as ArrayBuffer).every((x) => x === 0)).toBe(true);
      }
    }
  });

  it('a truncated message: TruncatedMessageError, and only verified frames before it (as streams: a signed suite\'s footer is checked last)', async () => {
    const pt = random(10 * 4096 + 7);
    const m = Buffer.from((await encrypt(k, pt, { suiteId: 0x0578, frameLength: 4096 })).ciphertext);
    for (const keep of [m.length - 1, m.length - 200, Math.floor(m.length / 2), 30]) {
      const { plaintext, error } = await read(cut(m.subarray(0, keep), 8192));
      expect(error).toBeInstanceOf(TruncatedMessageError);
      expect(plaintext.length % 4096 === 0 || plaintext.length === pt.length).toBe(true);
      expect(plaintext.equals(pt.subarray(0, plaintext.length))).toBe(true);
    }
  });

  it('the reader tells the header and which key opened the message', async () => {
    const m = Buffer.from((await encrypt(k, random(100), { encryptionContext: { purpose: 'lent' } })).ciphertext);
    const r = messageReader(k);
    expect(r.header).toBeUndefined();
    await r.write(m, () => undefined);
    await r.end(() => undefined);
    r.close();
    expect(r.header?.encryptionContext).toMatchObject({ purpose: 'lent' });
    expect(r.attempts).toEqual([]);
  });
});
