/**
 * Property-based round trips with fast-check: random plaintexts, contexts, frame lengths, suites
 * and chunkings through encrypt/decrypt and the streams; and random bytes through the reader.
 * Keys are random per run; everything fast-check draws replays from its seed.
 */
import { randomBytes } from 'node:crypto';
import { Readable, Writable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import {
  EncryptionContextError,
  EnvelopeError,
  PUBLIC_KEY_CONTEXT_KEY,
  SUITE_IDS,
  decrypt,
  decryptStream,
  encrypt,
  encryptStream,
  findSuite,
  parseHeader,
  type CommitmentPolicy,
  type Keyring,
} from '@envelope/core';
import { READ_POLICY, aesKeyring, hex } from './targets.js';
import { chunk } from './oracle.js';
import type { PropertyResult } from './report.js';

const policyFor = (suiteId: number): CommitmentPolicy => (suiteId >= 0x0478 ? 'require-encrypt-require-decrypt' : 'forbid-encrypt-allow-decrypt');

/** Context keys and values: ASCII, any grapheme, never the reserved prefix. */
const text = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 8 }));
const contextArb = fc.dictionary(text.filter((k) => !k.startsWith('aws-crypto-')), text, { maxKeys: 4 });
const suiteArb = fc.constantFrom(...SUITE_IDS);
/** Frame lengths around the interesting sizes: 1, small, the default, large (≥ 64 KiB); 0 is non-framed. */
const frameArb = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 300 }) },
  { weight: 1, arbitrary: fc.constant(4096) },
  { weight: 1, arbitrary: fc.integer({ min: 65_536, max: 70_000 }) },
);
const plaintextArb = fc.oneof({ weight: 4, arbitrary: fc.uint8Array({ maxLength: 2000 }) }, { weight: 1, arbitrary: fc.uint8Array({ minLength: 65_000, maxLength: 140_000 }) });
/** Chunk sizes, used cyclically to cut an input. */
const chunkingArb = fc.array(fc.integer({ min: 1, max: 9000 }), { minLength: 1, maxLength: 8 });

function cut(b: Uint8Array, pattern: readonly number[]): Buffer[] {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const sizes: number[] = [];
  const least = Math.ceil(buf.length / 4000); // at most ~4000 chunks, so a large input stays quick
  for (let o = 0, i = 0; o < buf.length; i++) {
    const n = Math.max(least, pattern[i % pattern.length]!);
    sizes.push(n);
    o += n;
  }
  return chunk(buf, sizes);
}

async function through(t: Transform, chunks: readonly Buffer[]): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(Readable.from(chunks), t, new Writable({ write: (c: Buffer, _e, cb) => (out.push(c), cb()) }));
  return Buffer.concat(out);
}

const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

function withoutSigningKey(ec: Readonly<Record<string, string>>): Record<string, string> {
  const { [PUBLIC_KEY_CONTEXT_KEY]: _k, ...rest } = ec;
  return rest;
}

/** A fresh raw AES keyring per property run (key sizes 16, 24, 32). */
const keyringArb = fc.constantFrom(16, 24, 32).map((n): Keyring => aesKeyring(randomBytes(n)));

/** The properties, by name. */
export const PROPERTIES = {
  /** encrypt → decrypt gives the plaintext, context, suite and frame length back. */
  'buffer round trip': fc.asyncProperty(keyringArb, suiteArb, frameArb, plaintextArb, contextArb, async (k, suiteId, frameLength, pt, ec) => {
    const { ciphertext } = await encrypt(k, pt, { suiteId, frameLength, encryptionContext: ec, commitmentPolicy: policyFor(suiteId) });
    const { plaintext, header } = await decrypt(k, ciphertext, { commitmentPolicy: READ_POLICY, encryptionContext: ec });
    if (!same(plaintext, pt)) throw new Error(`${hex(suiteId)}: plaintext differs`);
    if (header.suiteId !== suiteId || header.frameLength !== frameLength || header.contentType !== (frameLength ? 'framed' : 'non-framed')) throw new Error('header fields differ');
    if (!sameContext(header.encryptionContext, ec)) throw new Error('encryption context differs');
  }),
  /**
   * encryptStream and decryptStream, any chunking, on one thread or two (`concurrency`: frames on a
   * worker, or a signed suite's hash beside large frames), agree with each other and with the buffer calls.
   */
  'stream round trip': fc.asyncProperty(keyringArb, suiteArb, frameArb, plaintextArb, contextArb, chunkingArb, chunkingArb, fc.constantFrom(1, 2), fc.constantFrom(1, 2), async (k, suiteId, frameLength, pt, ec, inCuts, outCuts, encThreads, decThreads) => {
    const opts = { suiteId, frameLength, encryptionContext: ec, commitmentPolicy: policyFor(suiteId) };
    const streamed = await through(encryptStream(k, { ...opts, concurrency: encThreads }), cut(pt, inCuts));
    if (!same((await decrypt(k, streamed, { commitmentPolicy: READ_POLICY })).plaintext, pt)) throw new Error('decrypt(encryptStream) differs');
    if (!same(await through(decryptStream(k, { commitmentPolicy: READ_POLICY, concurrency: decThreads }), cut(streamed, outCuts)), pt)) throw new Error('decryptStream(encryptStream) differs');
    const { ciphertext } = await encrypt(k, pt, opts);
    if (!same(await through(decryptStream(k, { commitmentPolicy: READ_POLICY, concurrency: decThreads }), cut(ciphertext, outCuts)), pt)) throw new Error('decryptStream(encrypt) differs');
    // Same shape either way: only the signature's DER length may differ (r and s each by a byte or so).
    const slack = findSuite(suiteId)?.signature ? 6 : 0;
    if (Math.abs(streamed.length - ciphertext.length) > slack) throw new Error(`stream and buffer messages differ in length (${streamed.length} vs ${ciphertext.length})`);
  }),
  /** A required context pair the message does not hold is refused, before any plaintext. */
  'required context': fc.asyncProperty(keyringArb, contextArb, text, text, async (k, ec, key, value) => {
    fc.pre(!key.startsWith('aws-crypto-') && ec[key] !== value);
    const { ciphertext } = await encrypt(k, 'x', { suiteId: 0x0478, encryptionContext: ec });
    const err = await decrypt(k, ciphertext, { encryptionContext: { [key]: value } }).catch((e: unknown) => e);
    if (!(err instanceof EncryptionContextError)) throw new Error(`expected EncryptionContextError, got ${String(err)}`);
  }),
  /** Options of the right types but any values: encrypt refuses them typed, or writes what decrypt reads. */
  'encrypt writes only what decrypt reads': fc.asyncProperty(
    keyringArb,
    // Mostly valid choices (so most runs write a message), with every kind of invalid one mixed in.
    fc.oneof({ weight: 4, arbitrary: suiteArb }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }) }),
    fc.oneof(
      { weight: 4, arbitrary: frameArb },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 ** 32 - 1 }) },
      { weight: 1, arbitrary: fc.constantFrom(-1, 0.5, Number.NaN, Infinity, 2 ** 26, 2 ** 26 + 1) },
    ),
    fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom<CommitmentPolicy>('forbid-encrypt-allow-decrypt', 'require-encrypt-allow-decrypt', 'require-encrypt-require-decrypt') }),
    fc.oneof(
      { weight: 3, arbitrary: contextArb },
      { weight: 2, arbitrary: fc.dictionary(fc.oneof(fc.string({ unit: 'binary', maxLength: 6 }), fc.constant('aws-crypto-x'), fc.constant('')), fc.string({ unit: 'binary', maxLength: 6 }), { maxKeys: 5 }) },
    ),
    fc.uint8Array({ maxLength: 300 }),
    async (k, suiteId, frameLength, policy, ec, pt) => {
      let ciphertext: Uint8Array;
      // No policy drawn: the one that allows the suite.
      const commitmentPolicy = policy ?? policyFor(suiteId);
      try {
        ({ ciphertext } = await encrypt(k, pt, { suiteId, frameLength, commitmentPolicy, encryptionContext: ec }));
      } catch (e) {
        if (!(e instanceof EnvelopeError)) throw new Error(`encrypt threw untyped ${String(e)}`);
        return;
      }
      const { plaintext } = await decrypt(k, ciphertext, { commitmentPolicy: READ_POLICY });
      if (!same(plaintext, pt)) throw new Error('plaintext differs');
    },
  ),
  /**
   * Each reader limit set to the message's own size opens it, one less refuses it typed, in both
   * paths (off-by-one checks of maxHeaderSize, maxFrameLength, maxEncryptedDataKeys, maxBodySize).
   */
  'limits at their boundary': fc.asyncProperty(
    keyringArb,
    suiteArb,
    frameArb,
    fc.uint8Array({ maxLength: 3000 }),
    contextArb,
    fc.constantFrom('maxHeaderSize', 'maxFrameLength', 'maxEncryptedDataKeys', 'maxBodySize'),
    fc.constantFrom(-1, 0, 1),
    chunkingArb,
    async (k, suiteId, frameLength, pt, ec, limit, delta, cuts) => {
      const { ciphertext } = await encrypt(k, pt, { suiteId, frameLength, encryptionContext: ec, commitmentPolicy: policyFor(suiteId) });
      const parsed = parseHeader(ciphertext)!;
      const actual = { maxHeaderSize: parsed.headerLength, maxFrameLength: frameLength, maxEncryptedDataKeys: parsed.header.encryptedDataKeys.length, maxBodySize: pt.length }[limit];
      // maxFrameLength binds framed messages, maxBodySize non-framed streams only.
      fc.pre(limit === 'maxFrameLength' ? frameLength > 0 : limit === 'maxBodySize' ? frameLength === 0 : true);
      const value = actual + delta;
      fc.pre(value >= 0);
      const options = { commitmentPolicy: READ_POLICY, [limit]: value };
      const results: [string, unknown][] = [['decryptStream', await through(decryptStream(k, options), cut(ciphertext, cuts)).then((p) => p, (e: unknown) => e)]];
      if (limit !== 'maxBodySize') results.push(['decrypt', await decrypt(k, ciphertext, options).then((r) => r.plaintext, (e: unknown) => e)]);
      for (const [path, r] of results) {
        if (delta >= 0 && !(r instanceof Uint8Array && same(r, pt))) throw new Error(`${path} with ${limit} = ${value} (the message's own ${actual}${delta ? ' + 1' : ''}) did not open it: ${String(r)}`);
        if (delta < 0 && !(r instanceof EnvelopeError)) throw new Error(`${path} with ${limit} = ${value} (one under the message's ${actual}) gave ${r instanceof Uint8Array ? 'the plaintext' : `untyped ${String(r)}`}`);
      }
    },
  ),
  /** Arbitrary bytes, alone or behind a plausible version and suite, fail typed. */
  'arbitrary bytes': fc.asyncProperty(keyringArb, fc.option(suiteArb), fc.uint8Array({ maxLength: 600 }), async (k, suiteId, tail) => {
    const b = suiteId === null ? Buffer.from(tail) : Buffer.concat([Buffer.from(suiteId >= 0x0478 ? [2, suiteId >> 8, suiteId & 0xff] : [1, 0x80, suiteId >> 8, suiteId & 0xff]), tail]);
    try {
      parseHeader(b);
    } catch (e) {
      if (!(e instanceof EnvelopeError)) throw new Error(`parseHeader threw untyped ${String(e)}`);
    }
    const err = await decrypt(k, b, { commitmentPolicy: READ_POLICY }).then(() => undefined, (e: unknown) => e);
    if (!(err instanceof EnvelopeError)) throw new Error(`decrypt of random bytes: ${err === undefined ? 'succeeded' : `untyped ${String(err)}`}`);
  }),
} as const;

function sameContext(got: Readonly<Record<string, string>>, want: Readonly<Record<string, string>>): boolean {
  const g = withoutSigningKey(got);
  const keys = Object.keys(want);
  return Object.keys(g).length === keys.length && keys.every((k) => g[k] === want[k]);
}

/** Shares of the time budget: the stream property costs the most per run. */
const WEIGHTS: Record<keyof typeof PROPERTIES, number> = {
  'buffer round trip': 3,
  'stream round trip': 4,
  'required context': 1,
  'encrypt writes only what decrypt reads': 2,
  'limits at their boundary': 3,
  'arbitrary bytes': 1,
};

/** Runs every property for a share of `timeLimitMs`, seeded from `seed`. */
export async function runProperties(o: { seed: number; timeLimitMs: number; onRun?: () => void }): Promise<PropertyResult[]> {
  const results: PropertyResult[] = [];
  const names = Object.keys(PROPERTIES) as (keyof typeof PROPERTIES)[];
  const total = names.reduce((a, n) => a + WEIGHTS[n], 0);
  for (const [i, name] of names.entries()) {
    const prop = PROPERTIES[name] as fc.IAsyncPropertyWithHooks<unknown>;
    const budget = (o.timeLimitMs * WEIGHTS[name]) / total;
    let runs = 0;
    const d = await fc.check(
      prop.beforeEach((previous) => {
        runs++;
        o.onRun?.();
        return previous();
      }),
      { seed: (o.seed + i) | 0, numRuns: 1_000_000, plugins: [fc.interruptAfterTimeLimit(budget)], endOnFailure: true },
    );
    results.push({ name, runs, ok: !d.failed, ...(d.failed ? { detail: fc.defaultReportMessage(d) ?? 'failed' } : {}) });
  }
  return results;
}
