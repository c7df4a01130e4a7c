// Issue 21: the pooled read/write path of the CLI, on its own.
import { describe, expect, it } from 'vitest';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable, Transform } from 'node:stream';
import { BATCH_BYTES, BufferPool, READ_SIZE, YIELD_EVERY, drainTo, feed, fileChunks } from '../../src/internal/file_pump.js';

const dir = mkdtempSync(path.join(tmpdir(), 'envelope-pump-'));

describe('file pump', () => {
  it('reads a file into two reused buffers and writes it back byte for byte (sizes around the chunk and batch sizes)', async () => {
    for (const size of [0, 1, READ_SIZE - 1, READ_SIZE, 3 * READ_SIZE + 17, BATCH_BYTES * 2 + 5]) {
      const data = randomBytes(size);
      writeFileSync(path.join(dir, 'in'), data);
      const pool = new BufferPool(READ_SIZE, 2);
      const seen = new Set<ArrayBufferLike>();
      // A Transform that holds each chunk a tick past its callback, as a slow consumer would not:
      // it copies (the contract of the core), so the reused buffers must not corrupt the output.
      const t = new Transform({
        transform(c: Buffer, _e, cb) {
          seen.add(c.buffer);
          cb(null, Buffer.from(c));
        },
      });
      const inFd = openSync(path.join(dir, 'in'), 'r');
      const outFd = openSync(path.join(dir, 'out'), 'w');
      let counted = 0;
      await Promise.all([feed(t, fileChunks(inFd, pool), (n) => (counted += n)), drainTo(t, outFd)]);
      closeSync(inFd);
      closeSync(outFd);
      expect(counted).toBe(size);
      expect(readFileSync(path.join(dir, 'out')).equals(data)).toBe(true);
      expect(seen.size).toBeLessThanOrEqual(2);
    }
  });
  it('keeps the order of many small chunks', async () => {
    const parts = Array.from({ length: 3000 }, (_, i) => randomBytes(1 + ((i * 7919) % 700)));
    const src = new PassThrough();
    const outFd = openSync(path.join(dir, 'order'), 'w');
    const done = drainTo(src, outFd);
    for (const p of parts) if (!src.write(p)) await new Promise((r) => src.once('drain', r));
    src.end();
    await done;
    closeSync(outFd);
    expect(readFileSync(path.join(dir, 'order')).equals(Buffer.concat(parts))).toBe(true);
  });
  it('rejects when the source fails, and feed stops when the Transform fails', async () => {
    const outFd = openSync(path.join(dir, 'err'), 'w');
    const bad = new Readable({ read() { this.destroy(new Error('boom')); } });
    await expect(drainTo(bad, outFd)).rejects.toThrow('boom');
    closeSync(outFd);
    const failing = new Transform({ transform(_c, _e, cb) { cb(new Error('tampered')); } });
    failing.on('error', () => undefined);
    writeFileSync(path.join(dir, 'in2'), randomBytes(4 * READ_SIZE));
    const inFd = openSync(path.join(dir, 'in2'), 'r');
    await expect(feed(failing, fileChunks(inFd, new BufferPool(READ_SIZE, 2)), () => undefined)).rejects.toThrow('tampered');
    closeSync(inFd);
  });
});

describe('file pump and the event loop', () => {
  it('reads synchronously but lets the event loop turn every YIELD_EVERY bytes (signals, progress)', async () => {
    const size = 4 * YIELD_EVERY + 1;
    writeFileSync(path.join(dir, 'big'), randomBytes(size));
    let turns = 0;
    const tick = setInterval(() => turns++, 0);
    const t = new Transform({ transform(c: Buffer, _e, cb) { cb(null, c); } });
    const inFd = openSync(path.join(dir, 'big'), 'r');
    const outFd = openSync(path.join(dir, 'big.out'), 'w');
    try {
      await Promise.all([feed(t, fileChunks(inFd, new BufferPool(READ_SIZE, 2)), () => undefined), drainTo(t, outFd)]);
    } finally {
      clearInterval(tick);
      closeSync(inFd);
      closeSync(outFd);
    }
    expect(readFileSync(path.join(dir, 'big.out')).length).toBe(size);
    expect(turns).toBeGreaterThanOrEqual(3);
  });
});

process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
