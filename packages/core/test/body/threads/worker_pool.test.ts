// The body workers outlive a stream (starting one takes tens of ms): a second stream runs on the
// same threads, streams at once share them, and idle workers exit after the pool's idleMs. A stream
// with `concurrency: n` has n - 1 workers (the calling thread is the last).
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { BroadcastChannel } from 'node:worker_threads';
import { Readable, Writable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DecryptOptions, EncryptOptions, Keyring } from '../../../src/index.js';
import { decryptStreamWith, encryptStreamWith } from '../../../src/streams.js';
import type { StreamServices } from '../../../src/stream_body.js';
import { bodyThreads, type BodyThreads } from '../../../src/body/threads/body_threads.js';
import { GATE_CHANNEL } from './fixtures/gate_channel.js';

/**
 * Streams on `threads`, on a machine of one core (signed suites hash on the calling thread), with
 * frames that pay a cipher set-up each (as on node:crypto), so small frames go to the threads
 * whichever backend is in use.
 */
function streamsOn(threads: BodyThreads): { encryptStream(k: Keyring, o: EncryptOptions): Transform; decryptStream(k: Keyring, o: DecryptOptions): Transform } {
  const services: StreamServices = { cores: () => 1, threads: () => Promise.resolve(threads), framesSetUpFree: () => false };
  return { encryptStream: (k, o) => encryptStreamWith(services, k, o), decryptStream: (k, o) => decryptStreamWith(services, k, o) };
}

const threads = bodyThreads();
const { encryptStream, decryptStream } = streamsOn(threads);
const batchCounts = threads.pool.batches;

const key = randomBytes(32);
const keyring: Keyring = {
  async onEncrypt(m) {
    return { ...m, plaintextDataKey: Uint8Array.from(key), encryptedDataKeys: [{ providerId: 'mem', providerInfo: new Uint8Array([1]), ciphertext: new Uint8Array([1]) }] };
  },
  async onDecrypt(m) {
    return { ...m, plaintextDataKey: Uint8Array.from(key) };
  },
};

async function roundTrip(data: Buffer, concurrency: number, { encryptStream, decryptStream } = streamsOn(threads)): Promise<Buffer> {
  const parts: Buffer[] = [];
  const out = (): Writable => new Writable({ write(c: Buffer, _e, cb) { parts.push(c); cb(); } });
  await pipeline(Readable.from([data]), encryptStream(keyring, { suiteId: 0x0478, frameLength: 1024, concurrency }), out());
  const ct = Buffer.concat(parts.splice(0));
  await pipeline(Readable.from([ct]), decryptStream(keyring, { concurrency }), out());
  return Buffer.concat(parts);
}

describe('which frames go to threads', () => {
  it('frames of 8 KiB and up stay on the calling thread whatever concurrency says (same bytes)', async () => {
    const data = randomBytes(3_000_000);
    for (const [frameLength, threads] of [[8191, true], [8192, false], [65536, false]] as const) {
      const before = { ...batchCounts };
      const parts: Buffer[] = [];
      await pipeline(Readable.from([data]), encryptStream(keyring, { suiteId: 0x0478, frameLength, concurrency: 2 }), new Writable({ write(c: Buffer, _e, cb) { parts.push(c); cb(); } }));
      const ct = Buffer.concat(parts.splice(0));
      await pipeline(Readable.from([ct]), decryptStream(keyring, { concurrency: 2 }), new Writable({ write(c: Buffer, _e, cb) { parts.push(c); cb(); } }));
      expect(Buffer.concat(parts).equals(data)).toBe(true);
      const batches = batchCounts.here + batchCounts.workers - before.here - before.workers;
      if (threads) expect(batches).toBeGreaterThan(10);
      else expect(batches).toBe(0);
    }
  });
});

describe('the calling thread', () => {
  it('seals and opens batches itself once its workers have four each, with the same bytes', async () => {
    // The worker holds each stream's first batch until the test lets it go (fixtures/gated_worker.ts):
    // four batches are then queued on it whatever the machine's load, and the calling thread does
    // the next ones itself until the window of batches out is full.
    const channel = new BroadcastChannel(GATE_CHANNEL);
    const gate = new Promise<Int32Array>((resolve) => (channel.onmessage = (e) => resolve((e as MessageEvent<Int32Array>).data)));
    const gated = bodyThreads({ workerUrl: new URL('./fixtures/gated_worker.js', import.meta.url) });
    const counts = gated.pool.batches;
    const on = streamsOn(gated);
    const data = randomBytes(6_000_000);
    /** Runs a stream; once the worker holds four batches and this thread did four, lets the worker go. */
    const held = async (stream: Transform, input: Buffer, session: number): Promise<Buffer> => {
      const before = { ...counts };
      const parts: Buffer[] = [];
      const done = pipeline(Readable.from([input]), stream, new Writable({ write(c: Buffer, _e, cb) { parts.push(c); cb(); } }));
      while (counts.here - before.here < 4) await new Promise((r) => setImmediate(r));
      expect({ workers: counts.workers - before.workers, here: counts.here - before.here }).toEqual({ workers: 4, here: 4 });
      const g = await gate;
      Atomics.store(g, 0, session);
      Atomics.notify(g, 0);
      await done;
      return Buffer.concat(parts);
    };
    try {
      const ct = await held(on.encryptStream(keyring, { suiteId: 0x0478, frameLength: 1024, concurrency: 2 }), data, 1);
      expect((await held(on.decryptStream(keyring, { concurrency: 2 }), ct, 2)).equals(data)).toBe(true);
    } finally {
      channel.close();
      await gated.pool.terminate();
    }
  });
});
describe('body workers', () => {
  it('a second stream and concurrent streams run on the same threads; idle workers exit', async () => {
    const quick = bodyThreads({ idleMs: 300 });
    const on = streamsOn(quick);
    const workerIds = (): number[] => quick.pool.threadIds();
    const data = randomBytes(700_000);
    expect((await roundTrip(data, 3, on)).equals(data)).toBe(true);
    const first = workerIds();
    expect(first).toHaveLength(2);
    expect((await roundTrip(data, 3, on)).equals(data)).toBe(true);
    expect(workerIds()).toEqual(first);
    const all = await Promise.all([roundTrip(data, 3, on), roundTrip(data, 2, on), roundTrip(data, 3, on)]);
    for (const r of all) expect(r.equals(data)).toBe(true);
    expect(workerIds()).toEqual(first);
    // A stream asking for more workers starts only the missing ones.
    expect((await roundTrip(data, 4, on)).equals(data)).toBe(true);
    expect(workerIds().slice(0, 2)).toEqual(first);
    expect(workerIds()).toHaveLength(3);
    await new Promise((r) => setTimeout(r, 600));
    expect(workerIds()).toEqual([]);
    // And start again when needed.
    expect((await roundTrip(data, 2, on)).equals(data)).toBe(true);
    expect(workerIds()).toHaveLength(1);
  });
});

describe('a worker that dies', () => {
  it('fails the streams using it with an error (no hang, no silent success); later streams start new workers', async () => {
    const t = encryptStream(keyring, { suiteId: 0x0478, frameLength: 4096, concurrency: 3 });
    const done = pipeline(t, new Writable({ write(_c, _e, cb) { cb(); } }));
    const chunk = randomBytes(256 * 1024);
    // Batches in flight, then the workers go.
    for (let i = 0; i < 4; i++) await new Promise<void>((resolve) => t.write(chunk, () => resolve()));
    await threads.pool.terminate();
    const more = (async () => {
      for (let i = 0; i < 40 && !t.destroyed; i++) await new Promise<void>((resolve) => t.write(chunk, () => resolve()));
      t.end();
    })();
    await expect(done).rejects.toThrow(/worker/);
    await more;
    const data = randomBytes(700_000);
    expect((await roundTrip(data, 3)).equals(data)).toBe(true);
  });
});
