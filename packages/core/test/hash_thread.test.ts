// A signed suite's hash on the crypto backend's own thread (the native addon's; placement.ts puts
// it there with concurrency > 1 and a second core): the same messages as on one thread, the typed
// errors before any unverified plaintext, and no thread left behind by a stream that failed, was
// destroyed, or ran in a worker thread. streams_concurrency.test.ts covers the V8 worker instead.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Transform } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { cryptoBackend, decrypt, messageReader, startMessageWriter, AuthenticationError, SignatureError, TruncatedMessageError, type DecryptOptions, type EncryptOptions, type Keyring } from '@envelope/core';
import { fixedKeyring, policyFor, random, randomChunks, readPolicy, streamed } from './helpers.js';
import { decryptStreamWith, encryptStreamWith } from '../src/streams.js';
import type { StreamServices } from '../src/stream_body.js';

const native = cryptoBackend.name === 'native';
const threads = vi.fn(() => Promise.reject(new Error('no worker threads were to be asked for')));
/** A machine with two cores whose backend hashes on its own thread: no worker thread is ever asked for. */
const services: StreamServices = { cores: () => 2, threads, hashThread: () => true };
const encryptStream = (keyring: Keyring, options: EncryptOptions = {}): Transform => encryptStreamWith(services, keyring, options);
const decryptStream = (keyring: Keyring, options: DecryptOptions = {}): Transform => decryptStreamWith(services, keyring, options);
const k = fixedKeyring();
/** The child's keyring (fixtures/hash_thread_child.mjs): a data key of sevens. */
const sevens: Keyring = {
  async onEncrypt(m) {
    return { ...m, plaintextDataKey: new Uint8Array(m.suite.keyLength).fill(7), encryptedDataKeys: [] };
  },
  async onDecrypt(m) {
    return { ...m, plaintextDataKey: new Uint8Array(m.suite.keyLength).fill(7) };
  },
};


const core = pathToFileURL(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'index.js')).href;
const child = fileURLToPath(new URL('./fixtures/hash_thread_child.mjs', import.meta.url));
function spawnChild(mode: string, env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string; error?: Error } {
  return spawnSync(process.execPath, [child, mode], { encoding: 'utf8', timeout: 120_000, maxBuffer: 256 * 2 ** 20, env: { ...process.env, ENVELOPE_CORE: core, ...env } });
}

describe.skipIf(!native)("a signed suite's hash on the native backend's thread", () => {
  for (const suiteId of [0x0578, 0x0214]) {
    for (const frameLength of [4096, 65536]) {
      it(`0x0${suiteId.toString(16)}, ${frameLength}-byte frames: streams and the lending writer and reader, round trips both ways with the one-thread path`, async () => {
        const commitmentPolicy = policyFor(suiteId);
        for (const size of [0, 1, frameLength, 300_000, 3 * 1024 * 1024 + 17]) {
          const pt = random(size);
          const opts = { suiteId, frameLength, commitmentPolicy, concurrency: 2 } as const;
          const ours = await streamed(randomChunks(pt, 200_000), encryptStream(k, opts));
          expect(ours.error).toBeUndefined();
          expect(Buffer.from((await decrypt(k, ours.out, { commitmentPolicy: readPolicy })).plaintext).equals(pt)).toBe(true);
          const w = await startMessageWriter(k, opts);
          const lent: Buffer[] = [Buffer.from(w.headerBytes)];
          for (const c of randomChunks(pt, 200_000)) await w.write(c, (b) => void lent.push(Buffer.from(b)));
          await w.end((b) => void lent.push(Buffer.from(b)));
          w.close();
          const written = Buffer.concat(lent);
          expect(Buffer.from((await decrypt(k, written, { commitmentPolicy: readPolicy })).plaintext).equals(pt)).toBe(true);
          const back = await streamed(randomChunks(written, 300_000), decryptStream(k, { commitmentPolicy: readPolicy, concurrency: 2 }));
          expect(back.error).toBeUndefined();
          expect(back.out.equals(pt)).toBe(true);
        }
        expect(threads).not.toHaveBeenCalled();
      });
    }
  }

  it('a bad signature fails after the verified frames, a flipped byte before its frame, a cut message as truncated: streams and the lending reader', async () => {
    const pt = random(3 * 1024 * 1024);
    const ct = (await streamed([pt], encryptStream(k, { frameLength: 4096, concurrency: 2 }))).out;
    const badSig = Buffer.from(ct);
    badSig[badSig.length - 10]! ^= 1;
    const r1 = await streamed(randomChunks(badSig, 200_000), decryptStream(k, { concurrency: 2 }));
    expect(r1.error).toBeInstanceOf(SignatureError);
    expect(r1.out.equals(pt)).toBe(true); // every frame verified; the signature fails at the end
    const badBody = Buffer.from(ct);
    badBody[ct.length - 1_000_000]! ^= 1;
    const r2 = await streamed(randomChunks(badBody, 200_000), decryptStream(k, { concurrency: 2 }));
    expect(r2.error).toBeInstanceOf(AuthenticationError);
    expect(r2.out.length % 4096).toBe(0);
    expect(r2.out.length).toBeLessThan(pt.length - 900_000);
    expect(r2.out.equals(pt.subarray(0, r2.out.length))).toBe(true);
    for (const cut of [1, 50, 200_000]) {
      expect((await streamed([ct.subarray(0, ct.length - cut)], decryptStream(k, { concurrency: 2 }))).error).toBeInstanceOf(TruncatedMessageError);
    }
    // The lending reader: the signature's verdict is the end's, once every frame went to the sink.
    const r = messageReader(k, { concurrency: 2 });
    let got = 0;
    const read = async (): Promise<void> => {
      for (const c of randomChunks(badSig, 300_000)) await r.write(c, (b) => void (got += b.length));
      await r.end(() => {});
    };
    await expect(read()).rejects.toBeInstanceOf(SignatureError);
    r.close();
    expect(got).toBe(pt.length);
    expect(threads).not.toHaveBeenCalled();
  });

  it('the message bodies are the same bytes on one thread, beside the native hash thread and beside a V8 hash worker (node:crypto), and every signature verifies', async () => {
    const ours = spawnChild('bodies');
    const theirs = spawnChild('bodies', { ENVELOPE_NATIVE: '0' });
    expect(ours.status, ours.stderr).toBe(0);
    expect(theirs.status, theirs.stderr).toBe(0);
    const a = JSON.parse(ours.stdout.trim()) as { backend: string; messages: string[]; bodies: string[] };
    const b = JSON.parse(theirs.stdout.trim()) as { backend: string; messages: string[]; bodies: string[] };
    expect([a.backend, b.backend]).toEqual(['native', 'node']);
    // Per suite: one thread, a stream with concurrency 2, a lending writer with concurrency 2.
    expect(new Set(a.bodies.slice(0, 3)).size).toBe(1);
    expect(new Set(a.bodies.slice(3)).size).toBe(1);
    expect(b.bodies).toEqual(a.bodies);
    // decrypt checks each footer's signature (a SignatureError otherwise).
    const plain = Buffer.from(Array.from({ length: 3 * 1024 * 1024 + 17 }, (_, i) => (i * 31 + 7) & 255));
    for (const hex of [...a.messages, ...b.messages]) {
      expect(Buffer.from((await decrypt(sevens, Buffer.from(hex, 'hex'), { commitmentPolicy: readPolicy })).plaintext).equals(plain)).toBe(true);
    }
  });

  it('streams destroyed and a lending writer closed mid-way leave no thread; the process then exits by itself', () => {
    const r = spawnChild('aborted');
    expect(r.error).toBeUndefined(); // not killed by the timeout: it ended by itself
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // During: one thread more (the hash's); after each destroy or close: none.
    expect(r.stdout.trim()).toBe('threads 1 0 1 0 1 0');
  });

  it('in a worker thread: streams and the lending writer and reader with concurrency 2', () => {
    const r = spawnChild('worker');
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('worker ok native');
  });
});
