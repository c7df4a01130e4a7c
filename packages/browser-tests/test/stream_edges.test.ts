/**
 * The browser's encryptStream and decryptStream at their edges, in Chromium: writers that reuse one
 * buffer for every write get their bytes through intact (the streams start the cipher calls on
 * views of a chunk and copy only what is left of it before the write resolves), and a reader of a
 * message tampered with, truncated or badly signed gets a typed error and never any plaintext of
 * the bad frame or after it, though later batches were in flight.
 */
import { randomBytes } from 'node:crypto';
import esdkPkg from '@aws-crypto/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestPage, type TestPage } from './harness/chromium.js';

const { buildClient, CommitmentPolicy, RawAesKeyringNode, RawAesWrappingSuiteIdentifier } = esdkPkg;
const esdk = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
const PAGE = new URL('./pages/stream_edges_page.ts', import.meta.url).pathname;
const KEY = new Uint8Array(randomBytes(32));
const MiB = 1024 * 1024;
const esdkAes = () =>
  new RawAesKeyringNode({ keyNamespace: 'browser', keyName: 'aes', unencryptedMasterKey: Uint8Array.from(KEY), wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING });

interface Released {
  readonly bytes: Uint8Array;
  readonly chunks: number;
  readonly code?: string;
}

let t: TestPage;
beforeAll(async () => {
  t = await openTestPage(PAGE);
});
afterAll(async () => {
  await t?.close();
});

describe('browser streams fed from one reused buffer', () => {
  it.each([
    ['4 KiB frames, 10,000-byte writes', 4096, 10_000],
    ['100,000-byte frames, 4 KiB writes', 100_000, 4096],
    ['4 KiB frames, 1 MiB writes', 4096, MiB],
    ['non-framed, 64 KiB writes', 0, 65536],
  ])('%s: every byte comes back', async (_label, frameLength, size) => {
    const total = 3 * MiB + 77;
    const r = await t.call<{ length: number; firstWrong: number; code?: string }>('reusedBuffers', KEY, total, frameLength, size);
    expect(r).toEqual({ encryptedChunks: expect.any(Number), length: total, firstWrong: -1 });
  });

  it('a batch of frames leaves encryptStream as one chunk, not a chunk a frame', async () => {
    const r = await t.call<{ encryptedChunks: number; firstWrong: number }>('reusedBuffers', KEY, 4 * MiB, 4096, MiB);
    expect(r.firstWrong).toBe(-1);
    expect(r.encryptedChunks).toBeLessThanOrEqual(1024 / 16); // 1,024 frames
  });
});

describe('decryptStream on a bad message, written a MiB at a time (batches in flight)', () => {
  const frame = 4096;
  const plaintext = new Uint8Array(randomBytes(2 * MiB + 1000));
  let message: Uint8Array;
  beforeAll(async () => {
    message = (await esdk.encrypt(esdkAes(), plaintext, { frameLength: frame })).result;
  });

  /** Where frame `n` starts: its sequence number, then its IV (eight zero bytes and the sequence number again). */
  const frameStart = (n: number): number => {
    const mark = Buffer.alloc(16);
    mark.writeUInt32BE(n, 0);
    mark.writeUInt32BE(n, 12);
    const at = Buffer.from(message).indexOf(mark);
    if (at < 0) throw new Error(`frame ${n} not found`);
    return at;
  };

  it.each([
    ['a tag flipped in frame 300', (m: Uint8Array) => void (m[frameStart(301) - 1]! ^= 1), 'AUTHENTICATION_FAILED', 299 * frame],
    ['a byte flipped in frame 40', (m: Uint8Array) => void (m[frameStart(40) + 100]! ^= 1), 'AUTHENTICATION_FAILED', 39 * frame],
    ['a bad footer', (m: Uint8Array) => void (m[m.length - 5]! ^= 1), 'SIGNATURE_INVALID', plaintext.length],
  ])('%s: a typed error, and only a prefix of the plaintext before it', async (_label, spoil, code, most) => {
    const bad = Uint8Array.from(message);
    spoil(bad);
    t.server.put('bad', bad);
    const r = await t.call<Released>('releasedBeforeError', KEY, 'bad', MiB);
    expect(r.code).toBe(code);
    expect(r.bytes.length).toBeLessThanOrEqual(most);
    expect(Buffer.from(r.bytes).equals(plaintext.subarray(0, r.bytes.length))).toBe(true);
  });

  it('a message cut inside a frame: TRUNCATED_MESSAGE, and nothing of that frame', async () => {
    t.server.put('cut', message.subarray(0, frameStart(200) + 1000));
    const r = await t.call<Released>('releasedBeforeError', KEY, 'cut', MiB);
    expect(r.code).toBe('TRUNCATED_MESSAGE');
    expect(r.bytes.length).toBeLessThanOrEqual(199 * frame);
    expect(Buffer.from(r.bytes).equals(plaintext.subarray(0, r.bytes.length))).toBe(true);
  });
});
