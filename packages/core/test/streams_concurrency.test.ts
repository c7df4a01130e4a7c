// `concurrency` on the streams: frames sealed and opened on worker threads, same bytes and errors
// as the single-thread path, nothing unverified released.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Writable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { availableParallelism } from 'node:os';
import { cryptoBackend, decrypt, parseHeader, AbortedError, AuthenticationError, ConfigError, MalformedMessageError, SignatureError, TruncatedMessageError, type DecryptOptions, type EncryptOptions, type Keyring } from '@envelope/core';
import { fixedKeyring, policyFor, random, randomChunks, readPolicy, streamed } from './helpers.js';
import { decryptStreamWith, encryptStreamWith } from '../src/streams.js';
import type { StreamServices } from '../src/stream_body.js';
import { bodyThreads } from '../src/body/threads/body_threads.js';
import { HashRing } from '../src/body/threads/hash_ring.js';
import { FrameRun } from '../src/crypto/frame_run.js';

// The streams here run on body threads of their own, and on as many cores as each block says (a
// signed suite's hash goes to a worker only when a core is left for it: placement.ts). They hash on
// a worker even where the backend has a hash thread of its own (hash_thread.test.ts covers that).
const threads = bodyThreads();
let services: StreamServices = servicesWith(undefined);

/** Services whose machine has a core for the hash worker (true), has one core (false), or is this one (undefined). */
function servicesWith(hashWorker: boolean | undefined): StreamServices {
  return { cores: () => (hashWorker === undefined ? availableParallelism() : hashWorker ? 64 : 1), threads: () => Promise.resolve(threads), hashThread: () => false };
}

/** Whether a signed suite's hash goes to a worker in the streams that follow (undefined: as on this machine). */
function hashOnWorker(on: boolean | undefined): void {
  services = servicesWith(on);
}

const encryptStream = (keyring: Keyring, options: EncryptOptions = {}): Transform => encryptStreamWith(services, keyring, options);
const decryptStream = (keyring: Keyring, options: DecryptOptions = {}): Transform => decryptStreamWith(services, keyring, options);


/** Writes `chunks` through `t` from one reused buffer (helpers.ts streamed). */
const run = (chunks: Buffer[], t: Transform): Promise<{ out: Buffer; error: unknown }> => streamed(chunks, t, { reuse: true });

const k = fixedKeyring();

/**
 * For each size: encrypted with `concurrency: 2` and on one thread, the same layout (message ids
 * differ, so lengths are compared; a signature's DER length varies by a few bytes); the parallel
 * message opened by the buffer API, the single-thread one by a stream with `concurrency: 2`.
 */
async function roundTrips(suiteId: number, frameLength: number, sizes: readonly number[]): Promise<void> {
  const commitmentPolicy = policyFor(suiteId);
  for (const size of sizes) {
    const pt = random(size);
    const opts = { suiteId, frameLength, commitmentPolicy } as const;
    const par = await run(randomChunks(pt, 200_000), encryptStream(k, { ...opts, concurrency: 2 }));
    expect(par.error).toBeUndefined();
    const one = await run(randomChunks(pt, 200_000), encryptStream(k, opts));
    // A DER ECDSA signature's length varies: r and s each take a byte more when their top bit is
    // set and one less per leading zero byte (1 in 256), so two P-384 footers can differ by 4 or
    // more now and then (2 was too tight: it failed about one run in a hundred).
    expect(Math.abs(par.out.length - one.out.length)).toBeLessThanOrEqual(suiteId === 0x0578 ? 6 : 0);
    expect(Buffer.from((await decrypt(k, par.out, { commitmentPolicy: readPolicy })).plaintext).equals(pt)).toBe(true);
    const back = await run(randomChunks(one.out, 300_000), decryptStream(k, { commitmentPolicy: readPolicy, concurrency: 2 }));
    expect(back.error).toBeUndefined();
    expect(back.out.equals(pt)).toBe(true);
  }
}

/**
 * A 0x0578 message of `size` bytes on `frameLength`-byte frames, decrypted with `concurrency: 2`
 * (fed as `chunks` makes them): a bad footer signature fails with SignatureError after every frame
 * was released; a body byte flipped `flipFromEnd` bytes from the end fails with AuthenticationError
 * after whole frames of a verified prefix, fewer than `size - releasedUnder` bytes; cuts fail with
 * TruncatedMessageError, a byte after the footer with MalformedMessageError.
 */
async function typedErrors(frameLength: number, size: number, flipFromEnd: number, releasedUnder: number, chunks: (b: Buffer) => Buffer[]): Promise<void> {
  const pt = random(size);
  const ct = (await run([pt], encryptStream(k, { frameLength, concurrency: 2 }))).out;
  const badSig = Buffer.from(ct);
  badSig[badSig.length - 10]! ^= 1;
  const r1 = await run(chunks(badSig), decryptStream(k, { concurrency: 2 }));
  expect(r1.error).toBeInstanceOf(SignatureError);
  expect(r1.out.equals(pt)).toBe(true); // every frame verified; the signature fails at the end
  const badBody = Buffer.from(ct);
  badBody[ct.length - flipFromEnd]! ^= 1;
  const r2 = await run(chunks(badBody), decryptStream(k, { concurrency: 2 }));
  expect(r2.error).toBeInstanceOf(AuthenticationError);
  expect(r2.out.length % frameLength).toBe(0);
  expect(r2.out.length).toBeLessThan(pt.length - releasedUnder);
  expect(r2.out.equals(pt.subarray(0, r2.out.length))).toBe(true);
  for (const cut of [1, 50, 104, 200_000]) {
    const r3 = await run(chunks(ct.subarray(0, ct.length - cut)), decryptStream(k, { concurrency: 2 }));
    expect(r3.error).toBeInstanceOf(TruncatedMessageError);
  }
  const r4 = await run([Buffer.concat([ct, Buffer.from([0])])], decryptStream(k, { concurrency: 2 }));
  expect(r4.error).toBeInstanceOf(MalformedMessageError);
}

describe('streams with concurrency: 2', () => {
  // Signed suites hash on the calling thread here, whatever the machine's core count (the block at
  // the end covers the signature worker).
  beforeAll(() => hashOnWorker(false));
  afterAll(() => hashOnWorker(undefined));
  for (const suiteId of [0x0478, 0x0578, 0x0178]) {
    for (const frameLength of [4096, 100, 65536, 1024 * 1024]) {
      it(`suite 0x0${suiteId.toString(16)}, ${frameLength}-byte frames: round trip both ways, across paths`, async () => {
        await roundTrips(suiteId, frameLength, [0, 1, frameLength, 3 * frameLength, 2_500_000 + 17]);
      });
    }
  }

  it('flipped bytes in several frames: AuthenticationError, and only whole verified frames before the first one released', async () => {
    for (const suiteId of [0x0478, 0x0578]) {
      const frameLength = 4096;
      const pt = random(600 * frameLength + 5);
      const ct = (await run([pt], encryptStream(k, { suiteId, frameLength, concurrency: 2 }))).out;
      const frameBytes = 4 + 12 + frameLength + 16;
      const bodyStart = ct.length - (Math.ceil(pt.length / frameLength) - 1) * frameBytes - (4 + 4 + 12 + 4 + 5 + 16) - (suiteId === 0x0578 ? 2 + 103 : 0);
      for (const frames of [[0], [300], [131, 260, 599], [599]]) {
        const bad = Buffer.from(ct);
        for (const f of frames) bad[bodyStart + f * frameBytes + 40]! ^= 1;
        const r = await run(randomChunks(bad, 100_000), decryptStream(k, { concurrency: 2 }));
        expect(r.error).toBeInstanceOf(AuthenticationError);
        const first = Math.min(...frames);
        expect(r.out.length).toBeLessThanOrEqual(first * frameLength);
        expect(r.out.length % frameLength).toBe(0);
        expect(r.out.equals(pt.subarray(0, r.out.length))).toBe(true);
      }
      // A tampered final frame.
      const bad = Buffer.from(ct);
      bad[ct.length - (suiteId === 0x0578 ? 2 + 103 : 0) - 20]! ^= 1;
      const r = await run([bad], decryptStream(k, { concurrency: 2 }));
      expect(r.error).toBeInstanceOf(AuthenticationError);
      expect(r.out.equals(pt.subarray(0, r.out.length))).toBe(true);
      expect(r.out.length).toBeLessThanOrEqual(600 * frameLength);
    }
  });

  it('truncated messages: TruncatedMessageError, a verified prefix at most', async () => {
    const pt = random(300 * 4096 + 77);
    for (const suiteId of [0x0478, 0x0578]) {
      const ct = (await run([pt], encryptStream(k, { suiteId, concurrency: 2 }))).out;
      for (const cut of [1, 50, 4096 + 60, 200_000, ct.length - 500_000]) {
        const r = await run(randomChunks(ct.subarray(0, ct.length - cut), 100_000), decryptStream(k, { concurrency: 2 }));
        expect(r.error).toBeInstanceOf(TruncatedMessageError);
        expect(r.out.equals(pt.subarray(0, r.out.length))).toBe(true);
      }
    }
  });

  it('frames swapped, repeated or dropped (regular frames are taken in bulk): MalformedMessageError, a verified prefix at most', async () => {
    const frameLength = 100;
    const frame = 4 + 12 + frameLength + 16;
    const pt = random(40 * frameLength + 50);
    const ct = (await run([pt], encryptStream(k, { suiteId: 0x0478, frameLength, concurrency: 2 }))).out;
    const header = ct.length - 40 * frame - (4 + 4 + 12 + 4 + 50 + 16);
    const at = (i: number): Buffer => ct.subarray(header + i * frame, header + (i + 1) * frame);
    const swapped = Buffer.concat([ct.subarray(0, header + 30 * frame), at(31), at(30), ct.subarray(header + 32 * frame)]);
    const repeated = Buffer.concat([ct.subarray(0, header + 31 * frame), at(30), ct.subarray(header + 31 * frame)]);
    const dropped = Buffer.concat([ct.subarray(0, header + 30 * frame), ct.subarray(header + 31 * frame)]);
    for (const bad of [swapped, repeated, dropped]) {
      for (const chunks of [[bad], randomChunks(bad, 700)]) {
        const r = await run(chunks, decryptStream(k, { concurrency: 2 }));
        expect(r.error).toBeInstanceOf(MalformedMessageError);
        // At most the genuine frames before the change (31 when frame 31 is repeated after itself).
        expect(r.out.length).toBeLessThanOrEqual(31 * frameLength);
        expect(r.out.equals(pt.subarray(0, r.out.length))).toBe(true);
      }
    }
  });

  it('a bad footer signature: SignatureError after the frames', async () => {
    const pt = random(100_000);
    const ct = (await run([pt], encryptStream(k, { suiteId: 0x0578, concurrency: 2 }))).out;
    const bad = Buffer.from(ct);
    bad[bad.length - 10]! ^= 1;
    const r = await run([bad], decryptStream(k, { concurrency: 2 }));
    expect(r.error).toBeInstanceOf(SignatureError);
  });

  it('aborted while batches or the signature hash are out: the write in progress still calls back, the stream fails with AbortedError', async () => {
    // Found by the fuzzer: a producer awaiting its write callback (as run() above) waited for ever
    // when the signal fired while the stream waited for its workers.
    // 4096: frames on a worker; 65536: frames here, the signature hashed on a worker (forced).
    for (const frameLength of [4096, 65536]) {
      hashOnWorker(frameLength > 4096);
      for (const op of ['encrypt', 'decrypt'] as const) {
        const pt = random(6_000_000);
        const input = op === 'encrypt' ? pt : (await run([pt], encryptStream(k, { frameLength }))).out;
        const c = new AbortController();
        const t = op === 'encrypt' ? encryptStream(k, { frameLength, concurrency: 2, signal: c.signal }) : decryptStream(k, { concurrency: 2, signal: c.signal });
        const done = pipeline(t, new Writable({ write(_c, _e, cb) { cb(); } })).then(() => undefined, (e: unknown) => e);
        if (op === 'decrypt') await new Promise<void>((resolve) => t.once('header', () => resolve()) && t.write(input.subarray(0, 4096)));
        else await new Promise<void>((resolve) => t.once('header', () => resolve()));
        let calledBack = false;
        const written = new Promise<void>((resolve) => t.write(op === 'decrypt' ? input.subarray(4096) : input, () => { calledBack = true; resolve(); }));
        await new Promise((r) => setImmediate(r));
        c.abort(new Error('stop'));
        await written;
        expect(calledBack).toBe(true);
        expect(await done).toBeInstanceOf(AbortedError);
      }
    }
    hashOnWorker(false);
  });

  it('non-framed messages stream on one thread; a bad concurrency is a ConfigError', async () => {
    const pt = random(70_000);
    const ct = (await run([pt], encryptStream(k, { frameLength: 0, concurrency: 2 }))).out;
    expect((await run([ct], decryptStream(k, { concurrency: 3 }))).out.equals(pt)).toBe(true);
    for (const concurrency of [0, 1.5, -1, 65]) {
      expect(() => encryptStream(k, { concurrency })).toThrow(ConfigError);
      expect(() => decryptStream(k, { concurrency })).toThrow(ConfigError);
    }
  });
});

describe('streams with concurrency: 2, signed suites hashed on a worker of their own', () => {
  beforeAll(() => hashOnWorker(true));
  afterAll(() => hashOnWorker(undefined));
  for (const frameLength of [100, 4096, 8191]) {
    it(`0x0578, ${frameLength}-byte frames: round trip both ways, across paths`, async () => {
      await roundTrips(0x0578, frameLength, [0, 1, frameLength, 3 * frameLength, 1_500_000 + 17]);
    });
  }

  it('a bad footer signature, a flipped body byte, a cut message, bytes after the footer: the typed errors', async () => {
    await typedErrors(4096, 600_000, 300_000, 290_000, (b) => [b]);
  });

  it('beside the hash worker the frames lying whole in a write are opened in runs (native backend): a failed tag inside a run releases exactly the frames before it', async () => {
    const frameLength = 1024;
    const pt = random(300 * frameLength + 77);
    const ct = (await run([pt], encryptStream(k, { frameLength }))).out;
    const { headerLength } = parseHeader(ct)!;
    const frameBytes = 16 + frameLength + 16;
    const runs = vi.spyOn(FrameRun.prototype, 'open');
    try {
      // Frame indexes: the first of the message, one inside a run, one past the first run's capacity.
      for (const index of [0, 7, 200]) {
        const bad = Buffer.from(ct);
        bad[headerLength + index * frameBytes + frameBytes - 3]! ^= 1; // a byte of its tag
        for (const size of [1 << 20, 65536, 5000]) {
          const chunks: Buffer[] = [];
          for (let o = 0; o < bad.length; o += size) chunks.push(bad.subarray(o, o + size));
          const r = await run(chunks, decryptStream(k, { concurrency: 2 }));
          expect(r.error).toBeInstanceOf(AuthenticationError);
          expect(r.out.equals(pt.subarray(0, index * frameLength))).toBe(true);
        }
      }
      const whole = await run(randomChunks(ct, 200_000), decryptStream(k, { concurrency: 2 }));
      expect(whole.error).toBeUndefined();
      expect(whole.out.equals(pt)).toBe(true);
      if (cryptoBackend.name === 'native') expect(runs).toHaveBeenCalled();
      else expect(runs).not.toHaveBeenCalled();
    } finally {
      runs.mockRestore();
    }
  });
});

describe('streams with concurrency: 2 and frames of 8 KiB and up: ciphers on the calling thread, the signature hashed on a worker', () => {
  beforeAll(() => hashOnWorker(true));
  afterAll(() => hashOnWorker(undefined));
  for (const frameLength of [8192, 65536, 1024 * 1024]) {
    it(`0x0578, ${frameLength}-byte frames: round trip both ways, across paths, hashed on the worker`, async () => {
      const hashed = vi.spyOn(HashRing.prototype, 'update');
      try {
        await roundTrips(0x0578, frameLength, [0, 1, frameLength, 3 * frameLength, 2_500_000 + 17]);
        expect(hashed).toHaveBeenCalled();
      } finally {
        hashed.mockRestore();
      }
    });
  }

  it('the typed errors: a bad signature after every frame, a flipped body byte, a cut message, bytes after the footer', async () => {
    await typedErrors(65536, 3_000_000, 1_000_000, 900_000, (b) => randomChunks(b, 200_000));
  });

  it('the hashing worker lost mid-stream: the stream fails with an error, the next one works', async () => {
    for (const op of ['encrypt', 'decrypt'] as const) {
      const pt = random(8 * 1024 * 1024);
      const ct = (await run([pt], encryptStream(k, { frameLength: 65536 }))).out;
      const t = op === 'encrypt' ? encryptStream(k, { frameLength: 65536, concurrency: 2 }) : decryptStream(k, { concurrency: 2 });
      const input = op === 'encrypt' ? pt : ct;
      const done = pipeline(t, new Writable({ write(_c, _e, cb) { cb(); } }));
      const step = 256 * 1024;
      for (let o = 0; o < 8 * step; o += step) await new Promise<void>((resolve) => t.write(input.subarray(o, o + step), () => resolve()));
      await threads.pool.terminate();
      const more = (async () => {
        for (let o = 8 * step; o < input.length && !t.destroyed; o += step) await new Promise<void>((resolve) => t.write(input.subarray(o, o + step), () => resolve()));
        t.end();
      })();
      await expect(done).rejects.toThrow(/worker/);
      await more;
    }
    const pt = random(1_000_000);
    const again = await run([pt], encryptStream(k, { frameLength: 65536, concurrency: 2 }));
    expect(Buffer.from((await decrypt(k, again.out)).plaintext).equals(pt)).toBe(true);
  });

  it('a producer that pauses with a few slots of the ring filled (the worker asleep, not yet woken for them): same bytes, the signature verifies', async () => {
    const pt = random(5 * 128 * 1024 + 77);
    const pauses = (b: Buffer): Buffer[] => [b.subarray(0, 3 * 128 * 1024 + 5), b.subarray(3 * 128 * 1024 + 5)];
    /** Writes the two pieces with a pause between them long enough for the worker to hash all it was given and sleep. */
    async function paused(input: Buffer, t: Transform): Promise<Buffer> {
      const pieces: Buffer[] = [];
      const done = pipeline(t, new Writable({ write(c: Buffer, _e, cb) { pieces.push(Buffer.from(c)); cb(); } }));
      for (const piece of pauses(input)) {
        await new Promise<void>((resolve, reject) => t.write(piece, (err) => (err ? reject(err) : resolve())));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      t.end();
      await done;
      return Buffer.concat(pieces);
    }
    const ct = await paused(pt, encryptStream(k, { frameLength: 65536, concurrency: 2 }));
    expect(Buffer.from((await decrypt(k, ct)).plaintext).equals(pt)).toBe(true);
    expect((await paused(ct, decryptStream(k, { concurrency: 2 }))).equals(pt)).toBe(true);
  });

  it('one write far larger than the ring (8 MiB): held back until the worker has room, same bytes', async () => {
    const pt = random(8 * 1024 * 1024 + 3);
    const enc = await run([pt], encryptStream(k, { frameLength: 65536, concurrency: 2 }));
    expect(enc.error).toBeUndefined();
    const dec = await run([enc.out], decryptStream(k, { concurrency: 2 }));
    expect(dec.error).toBeUndefined();
    expect(dec.out.equals(pt)).toBe(true);
  });

  it('the hashing worker is held by its stream alone: other streams meanwhile, and after one is destroyed mid-way', async () => {
    const pt = random(2_000_000);
    // A stream that has hashed part of its message and waits for more.
    const held = encryptStream(k, { frameLength: 65536, concurrency: 2 });
    const heldDone = pipeline(held, new Writable({ write(_c, _e, cb) { cb(); } })).catch((e: unknown) => e);
    await new Promise<void>((resolve, reject) => held.write(pt.subarray(0, 1_000_000), (err) => (err ? reject(err) : resolve())));
    // Frames on worker threads, and another hash ring, while it waits: both finish.
    const par = await run([pt], encryptStream(k, { frameLength: 4096, concurrency: 2 }));
    expect(Buffer.from((await decrypt(k, par.out)).plaintext).equals(pt)).toBe(true);
    const ring = await run([pt], encryptStream(k, { frameLength: 65536, concurrency: 2 }));
    expect(Buffer.from((await decrypt(k, ring.out)).plaintext).equals(pt)).toBe(true);
    // Destroyed mid-way: its worker leaves the ring and serves the next streams.
    held.destroy();
    expect(await heldDone).toBeInstanceOf(Error); // premature close
    for (let i = 0; i < 3; i++) {
      const again = await run([pt], encryptStream(k, { frameLength: 65536, concurrency: 2 }));
      expect(Buffer.from((await decrypt(k, again.out)).plaintext).equals(pt)).toBe(true);
    }
  });

  it('a stream left open (never ended nor destroyed) does not keep the process alive; workers start under any node options', () => {
    // The built core in a fresh process (this one's workers and timers would hide it), as
    // `node --input-type=module -e`, whose option the workers must not inherit, and with a
    // process-wide V8 option a worker may not be given.
    const core = pathToFileURL(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'index.js')).href;
    const script = `
      import { encryptStream } from ${JSON.stringify(core)};
      import { Readable, Writable } from 'node:stream';
      import { pipeline } from 'node:stream/promises';
      const key = new Uint8Array(32).fill(3);
      const keyring = { async onEncrypt(m) { return { ...m, plaintextDataKey: Uint8Array.from(key), encryptedDataKeys: [{ providerId: 'mem', providerInfo: new Uint8Array([1]), ciphertext: new Uint8Array([1]) }] }; }, async onDecrypt(m) { return m; } };
      let framed = 0;
      await pipeline(Readable.from([Buffer.alloc(1 << 20, 2)]), encryptStream(keyring, { frameLength: 4096, concurrency: 2 }), new Writable({ write(c, _e, cb) { framed += c.length; cb(); } }));
      const t = encryptStream(keyring, { frameLength: 65536, concurrency: 2 });
      let out = 0;
      t.on('data', (c) => { out += c.length; });
      await new Promise((resolve, reject) => t.write(Buffer.alloc(3 << 20, 1), (e) => (e ? reject(e) : resolve())));
      console.log('4 KiB frames', framed, 'bytes; left open after', out, 'bytes out');`;
    for (const options of [[], ['--single-threaded-gc']]) {
      const r = spawnSync(process.execPath, [...options, '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
      expect(r.error).toBeUndefined(); // not killed by the timeout: the process ended by itself
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/4 KiB frames 1[0-9]{6} bytes; left open after [1-9][0-9]+ bytes out/);
    }
  });

  it('many streams destroyed while their hash worker waits: it always leaves the ring and serves the next streams', async () => {
    // A worker that missed its stream's "abandoned" between a check and its wait stayed blocked for
    // ever, and the next streams given that worker hung (found by the fuzzer).
    const pt = random(300_000);
    for (let i = 0; i < 150; i++) {
      const t = decryptStream(k, { concurrency: 2 });
      const ct = (await run([pt], encryptStream(k, { frameLength: 65536 }))).out;
      const done = pipeline(t, new Writable({ write(_c, _e, cb) { cb(); } })).catch(() => {});
      await new Promise<void>((resolve) => t.write(ct.subarray(0, 1000 + (i % 7) * 30_000), () => resolve()));
      if (i % 2) await new Promise((r) => setImmediate(r));
      t.destroy();
      await done;
    }
    // Destroyed after its footer was read but before its end: the check under way is dropped quietly
    // (it was an unhandled rejection, which ends a Node process).
    const whole = (await run([pt], encryptStream(k, { frameLength: 65536 }))).out;
    const t = decryptStream(k, { concurrency: 2 });
    const done = pipeline(t, new Writable({ write(_c, _e, cb) { cb(); } })).catch((e: unknown) => e);
    await new Promise<void>((resolve) => t.write(whole, () => resolve()));
    t.destroy();
    expect(await done).toBeInstanceOf(Error);
    await new Promise((r) => setTimeout(r, 50)); // a rejection left unhandled would be reported by now
    // Both kinds of work on the workers afterwards, within the test's time limit.
    const small = await run([pt], encryptStream(k, { frameLength: 4096, concurrency: 2 }));
    expect((await run([small.out], decryptStream(k, { concurrency: 2 }))).out.equals(pt)).toBe(true);
    const large = await run([pt], encryptStream(k, { frameLength: 65536, concurrency: 2 }));
    expect((await run([large.out], decryptStream(k, { concurrency: 2 }))).out.equals(pt)).toBe(true);
  });

  it('on one core (forced) or with concurrency 1 the signature is hashed on the calling thread', async () => {
    const hashed = vi.spyOn(HashRing.prototype, 'update');
    try {
      const pt = random(300_000);
      const one = await run([pt], encryptStream(k, { frameLength: 65536 }));
      hashOnWorker(false);
      const two = await run([pt], encryptStream(k, { frameLength: 65536, concurrency: 2 }));
      expect((await run([two.out], decryptStream(k, { concurrency: 2 }))).out.equals(pt)).toBe(true);
      expect((await run([one.out], decryptStream(k))).out.equals(pt)).toBe(true);
      expect(hashed).not.toHaveBeenCalled();
    } finally {
      hashOnWorker(true);
      hashed.mockRestore();
    }
  });
});
