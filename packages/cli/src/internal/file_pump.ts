/**
 * The CLI's data path on files: large reads into pooled buffers fed to a Transform with
 * backpressure, and its output copied into pooled batches, one write each (issue 21).
 */
import { read, write } from 'node:fs';
import type { Readable, Transform } from 'node:stream';
import { BufferPool } from './buffer_pool.js';

/**
 * Bytes per read. Measured on 512 MiB (issue 21): 1 MiB reads make 1 MiB output buffers in the core
 * that outlive a scavenge or two and peak at 72-75 MiB; 128 KiB keeps the peak under 64 MiB.
 */
export const READ_SIZE = 128 * 1024;
/** Output bytes gathered before one write. */
export const BATCH_BYTES = 256 * 1024;

/** One chunk of input and, for a pooled buffer, how to give it back once the Transform is done with it. */
export interface InputChunk {
  readonly bytes: Buffer;
  readonly release?: () => void;
}

function readFd(fd: number, b: Buffer): Promise<number> {
  return new Promise((resolve, reject) => read(fd, b, 0, b.length, null, (err, n) => (err ? reject(err) : resolve(n))));
}

/**
 * The chunks of the open file `fd`, read `READ_SIZE` bytes at a time into a pool of two
 * buffers, one read ahead: the next read runs on libuv's thread pool while this chunk is processed.
 * A buffer goes back to the pool when the consumer releases it.
 */
export async function* fileChunks(fd: number, pool: BufferPool): AsyncGenerator<InputChunk> {
  const next = async (): Promise<{ b: Buffer; n: number }> => {
    const b = await pool.take();
    try {
      return { b, n: await readFd(fd, b) };
    } catch (e) {
      pool.give(b);
      throw e;
    }
  };
  let pending: Promise<{ b: Buffer; n: number }> | undefined = next();
  try {
    for (;;) {
      const { b, n } = await pending;
      pending = undefined;
      if (n === 0) {
        pool.give(b);
        return;
      }
      pending = next();
      yield { bytes: b.subarray(0, n), release: () => pool.give(b) };
    }
  } finally {
    // Never leave a read running into a buffer (or an fd) the caller is about to drop.
    if (pending) await pending.then((r) => pool.give(r.b), () => undefined);
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

function writeAt(fd: number, b: Buffer, length: number, position: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const more = (off: number): void =>
      write(fd, b, off, length - off, position + off, (err, n) => {
        if (err) reject(err);
        else if (off + n < length) more(off + n);
        else resolve();
      });
    more(0);
  });
}

/**
 * Writes what `source` emits to `fd`, copied into two pooled `BATCH_BYTES` buffers: each chunk is
 * garbage as soon as it is copied (a scavenge frees it, nothing gets old), and the file gets one
 * write per full buffer, at its own offset, while the other one fills. When both are full,
 * `source` is paused. Resolves once everything is written after 'end'.
 */
export function drainTo(source: Readable, fd: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const bufs = [Buffer.allocUnsafeSlow(BATCH_BYTES), Buffer.allocUnsafeSlow(BATCH_BYTES)] as const;
    const busy = [false, false];
    let cur = 0;
    let used = 0;
    let position = 0;
    let inflight = 0;
    /** Chunks (or what is left of one) not yet copied: only while both buffers are being written. */
    const spill: Buffer[] = [];
    let ended = false;
    let failed = false;
    const fail = (e: unknown): void => {
      if (failed) return;
      failed = true;
      for (const b of bufs) b.fill(0);
      reject(e);
    };
    const flush = (): void => {
      const i = cur;
      const b = bufs[i]!;
      const length = used;
      busy[i] = true;
      cur = 1 - cur;
      used = 0;
      inflight++;
      writeAt(fd, b, length, position).then(() => {
        busy[i] = false;
        inflight--;
        if (failed) return;
        pump();
        if (spill.length > 0) return;
        if (ended) finish();
        else if (source.isPaused()) source.resume();
      }, fail);
      position += length;
    };
    const pump = (): void => {
      while (spill.length > 0 && !busy[cur]) {
        const s = spill[0]!;
        const n = s.copy(bufs[cur]!, used);
        used += n;
        if (n === s.length) spill.shift();
        else spill[0] = s.subarray(n);
        if (used === BATCH_BYTES) flush();
      }
    };
    const finish = (): void => {
      if (spill.length > 0) return;
      if (used > 0) flush();
      else if (inflight === 0) {
        for (const b of bufs) b.fill(0);
        resolve();
      }
    };
    source.on('data', (c: Buffer) => {
      spill.push(c);
      pump();
      if (spill.length > 0) source.pause();
    });
    source.once('end', () => {
      ended = true;
      finish();
    });
    source.once('error', fail);
    source.once('close', () => {
      if (!ended) fail(source.errored ?? new Error('stream closed before its end'));
    });
  });
}

export { BufferPool };
