// Misuse is an exception, never a crash or a write outside the caller's ranges: the addon checks
// every argument's kind and every operation's ranges (in C++, before any byte is written).
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NativeAes, type GcmBatch } from '@envelope/crypto-native';
import { layout } from './helpers.js';

const aes = NativeAes.load();

/** Every byte of every buffer of `b`, to show that a refused call wrote nothing. */
const snapshot = (b: GcmBatch): string => [b.ivs, b.aad, b.input, b.output].map((x) => Buffer.from(x).toString('hex')).join('|');

describe('misuse of batches', () => {
  const key = aes.importAesKey(randomBytes(32));
  const u32 = (...xs: number[]): Uint32Array => Uint32Array.from(xs);

  const cases: [string, (l: ReturnType<typeof layout>) => GcmBatch, RegExp][] = [
    ['an input range past the end', (l) => ({ ...l.seal, inputStarts: u32(0, l.seal.input.length - 10) }), /input range of operation 1/],
    ['a length past the end', (l) => ({ ...l.seal, lengths: u32(10, l.seal.input.length) }), /input range of operation 1/],
    ['an output range one byte short (no room for the tag)', (l) => ({ ...l.seal, output: l.seal.output.subarray(0, l.seal.outputStarts[1]! + 20 + 15) }), /output range of operation 1/],
    ['an AAD range past the end', (l) => ({ ...l.seal, aadStarts: u32(0, 2 ** 32 - 1), aadLengths: u32(0, 2) }), /aad range of operation 1/],
    ['offsets whose sum wraps 32 bits', (l) => ({ ...l.seal, inputStarts: u32(0, 2 ** 32 - 4), lengths: u32(10, 8) }), /input range of operation 1/],
    ['fewer IVs than operations', (l) => ({ ...l.seal, ivs: l.seal.ivs.subarray(0, 23) }), /fewer than count IVs/],
    ['offset arrays shorter than count', (l) => ({ ...l.seal, count: 3 }), /count entries/],
    ['input and output partly overlapping', (l) => ({ ...l.seal, output: l.seal.input, outputStarts: u32(l.seal.inputStarts[0]! + 1, l.seal.inputStarts[1]!) }), /partly overlap/],
    ['a count that is not an integer', (l) => ({ ...l.seal, count: 1.5 }), /count must be an integer/],
    ['a negative count', (l) => ({ ...l.seal, count: -1 }), /count must be an integer/],
    ['an IV length of 0', (l) => ({ ...l.seal, ivLength: 0 }), /ivLength/],
    ['an IV length of 129', (l) => ({ ...l.seal, ivLength: 129, ivs: new Uint8Array(1000) }), /ivLength/],
    ['a tag of 3 bytes', (l) => ({ ...l.seal, tagLength: 3 }), /tagLength/],
    ['a tag of 17 bytes', (l) => ({ ...l.seal, tagLength: 17 }), /tagLength/],
  ];

  it.each(cases)('%s: RangeError, nothing written', (_, bad, message) => {
    const l = layout([10, 20]);
    const b = bad(l);
    const before = snapshot(b);
    expect(() => aes.sealBatch(key, b)).toThrow(RangeError);
    expect(() => aes.sealBatch(key, b)).toThrow(message);
    expect(snapshot(b)).toBe(before);
  });

  it('open: the tag counts in the input range, so a ciphertext whose tag would run past the end is refused', () => {
    const l = layout([10, 20]);
    aes.sealBatch(key, l.seal);
    const b = { ...l.open, input: l.open.input.subarray(0, l.open.inputStarts[1]! + 20 + 15) };
    expect(() => aes.openBatch(key, b)).toThrow(/input range of operation 1/);
    expect(l.open.output.every((x) => x === 0)).toBe(true);
  });

  it.each([
    ['ivs', { ivs: new Uint16Array(12) }],
    ['aad', { aad: [1, 2, 3] }],
    ['input', { input: 'plaintext' }],
    ['output', { output: new Uint8ClampedArray(100) }],
    ['inputStarts', { inputStarts: new Int32Array(2) }],
    ['lengths', { lengths: [10, 20] }],
    ['outputStarts', { outputStarts: new Float64Array(2) }],
    ['count', { count: '2' }],
  ])('%s of the wrong kind: TypeError', (_, change) => {
    const l = layout([10, 20]);
    expect(() => aes.sealBatch(key, { ...l.seal, ...change } as unknown as GcmBatch)).toThrow(TypeError);
  });

  it('a detached output buffer is refused as too short', () => {
    const l = layout([10, 20]);
    const output = new Uint8Array(l.seal.output.length);
    structuredClone(output.buffer, { transfer: [output.buffer] });
    expect(() => aes.sealBatch(key, { ...l.seal, output })).toThrow(/output range of operation 0/);
  });
});

describe('key handles', () => {
  it('destroy: every later use throws, destroy again is a no-op, other keys go on working', () => {
    const raw = randomBytes(32);
    const a = aes.importAesKey(raw);
    const b = aes.importAesKey(raw);
    expect(Buffer.from(aes.exportAesKey(a)).equals(raw)).toBe(true);
    a.destroy();
    a.destroy();
    const l = layout([16]);
    expect(() => aes.sealBatch(a, l.seal)).toThrow(/destroyed/);
    expect(() => aes.openBatch(a, l.open)).toThrow(/destroyed/);
    expect(() => aes.exportAesKey(a)).toThrow(/destroyed/);
    expect(() => aes.sealing(a, randomBytes(12), new Uint8Array(0), 16)).toThrow(/destroyed/);
    aes.sealBatch(b, l.seal);
    expect(aes.openBatch(b, l.open)).toBe(1);
  });

  it('refuses keys of other lengths and keys it did not make', () => {
    for (const n of [0, 8, 15, 31, 33, 64]) expect(() => aes.importAesKey(new Uint8Array(n))).toThrow(RangeError);
    const l = layout([16]);
    const foreign = { length: 32, destroy() {} } as const;
    expect(() => aes.sealBatch(foreign, l.seal)).toThrow(TypeError);
  });

  it('the addon refuses a forged handle (an object, another external) with a TypeError', async () => {
    const { loadBinding } = await import('../src/binding.js');
    const binding = loadBinding();
    const key = binding.importKey(randomBytes(16));
    const op = binding.streamStart(key, randomBytes(12), new Uint8Array(0), true, 16);
    const l = layout([16]).seal;
    const args = [l.count, l.ivLength, l.tagLength, l.ivs, l.aad, l.aadStarts, l.aadLengths, l.input, l.inputStarts, l.lengths, l.output, l.outputStarts] as const;
    for (const forged of [{}, null, 1, op]) {
      expect(() => binding.sealBatch(forged as never, ...args)).toThrow(TypeError);
    }
    expect(() => binding.streamUpdate(key, l.input, l.input)).toThrow(TypeError);
    expect(() => (binding.sealBatch as (...a: unknown[]) => void)(key, 1, 12)).toThrow(TypeError);
    binding.streamFree(op);
    expect(() => binding.streamUpdate(op, l.input, l.input)).toThrow(/finished/);
    binding.destroyKey(key);
  });
});
