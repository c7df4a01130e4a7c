/**
 * The CLI's data path on files: reads into pooled buffers fed to a Transform with backpressure,
 * and its output copied into one pooled batch, one write each.
 *
 * Reads and writes of regular files are synchronous, as age's are: handing each read and write to
 * libuv's thread pool cost the main thread a wake-up per call and left it waiting for the pool
 * thread, and synchronous calls took less wall time and less CPU (bench/README.md). Only
 * regular files come here (io.ts refuses the rest), so a call never waits on a pipe or a terminal;
 * the event loop still turns every {@link YIELD_EVERY} bytes, for signals and the progress bar.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { readSync, writeSync } from 'node:fs';
import type { Readable, Transform } from 'node:stream';
import { BufferPool } from './buffer_pool.js';

/**
 * Bytes per read. Large reads make equally large output buffers in the core that outlive a scavenge
 * or two and raise the peak past the CLI's memory budget; 128 KiB keeps it within (bench/README.md).
 */
export const READ_SIZE = 128 * 1024;
/** Output bytes gathered before one write. */
export const BATCH_BYTES = 256 * 1024;
/** Input bytes read between two turns of the event loop. */
export const YIELD_EVERY = 4 * 1024 * 1024;

/** One chunk of input and, for a pooled buffer, how to give it back once the Transform is done with it. */
export interface InputChunk {
  readonly bytes: Buffer;
  readonly release?: () => void;
}

/**
 * The chunks of the open regular file `fd`, read `pool.size` bytes at a time into the pool's
 * buffers. A buffer goes back to the pool when the consumer releases it (the Transform's write
 * callback); with every buffer out, the next read waits for one.
 */
export async function* fileChunks(fd: number, pool: BufferPool): AsyncGenerator<InputChunk> {
  let since = 0;
  for (;;) {
    const b = await pool.take();
    let n: number;
    try {
      n = readSync(fd, b, 0, b.length, null);
    } catch (e) {
      pool.give(b);
      throw e;
    }
    if (n === 0) {
      pool.give(b);
      return;
    }
    since += n;
    if (since >= YIELD_EVERY) {
      since = 0;
      await nextTurn();
    }
    yield { bytes: b.subarray(0, n), release: () => pool.give(b) };
  }
}

/** Resolves on 'drain'; rejects if the stream errors or closes first. */
function drained(t: Transform): Promise<void> {
  if (t.destroyed) return Promise.reject(t.errored ?? new Error('stream closed'));
  return new Promise((resolve, reject) => {
    const done = (err?: Error): void => {
      t.off('drain', onDrain);
      t.off('error', onError);
      t.off('close', onClose);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = (): void => done();
    const onError = (e: Error): void => done(e);
    const onClose = (): void => done(t.errored ?? new Error('stream closed'));
    t.on('drain', onDrain);
    t.on('error', onError);
    t.on('close', onClose);
  });
}

/** Writes every chunk into `t` (waiting on its backpressure), then ends it. */
export async function feed(t: Transform, chunks: AsyncIterable<InputChunk>, onBytes: (n: number) => void): Promise<void> {
  for await (const c of chunks) {
    onBytes(c.bytes.length);
    const ok = t.write(c.bytes, c.release ? () => c.release!() : undefined);
    if (!ok) await drained(t);
  }
  if (t.destroyed) throw t.errored ?? new Error('stream closed');
  t.end();
}

/** Writes b[0..length) at `position` of `fd`, however many calls that takes. */
export function writeAll(fd: number, b: Buffer, length: number, position: number): void {
  for (let off = 0; off < length; ) off += writeSync(fd, b, off, length - off, position + off);
}

/**
 * Writes what `source` emits to `fd` (a regular file), copied into one pooled `BATCH_BYTES`
 * buffer: each chunk is garbage as soon as it is copied (a scavenge frees it, nothing gets old),
 * and the file gets one write per full buffer. Resolves once everything is written after 'end';
 * the buffer is zeroed either way (it held plaintext on decrypt).
 */
export function drainTo(source: Readable, fd: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const batch = Buffer.allocUnsafeSlow(BATCH_BYTES);
    let used = 0;
    let position = 0;
    let settled = false;
    const settle = (e?: unknown): void => {
      if (settled) return;
      settled = true;
      batch.fill(0);
      if (e === undefined) resolve();
      else reject(e);
    };
    const flush = (): void => {
      writeAll(fd, batch, used, position);
      position += used;
      used = 0;
    };
    source.on('data', (c: Buffer) => {
      if (settled) return;
      try {
        for (let off = 0; off < c.length; ) {
          const n = c.copy(batch, used, off);
          used += n;
          off += n;
          if (used === BATCH_BYTES) flush();
        }
      } catch (e) {
        settle(e);
      }
    });
    source.once('end', () => {
      if (settled) return;
      try {
        if (used > 0) flush();
        settle();
      } catch (e) {
        settle(e);
      }
    });
    source.once('error', (e) => settle(e));
    source.once('close', () => settle(source.errored ?? new Error('stream closed before its end')));
  });
}

export { BufferPool };
