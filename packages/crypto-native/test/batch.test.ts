// The addon's batches against node:crypto: the same ciphertexts and tags byte for byte, and
// openings that release no plaintext of a frame whose tag failed.
import { randomBytes, randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NativeAes } from '@envelope/crypto-native';
import { ivOf, layout, openedOf, referenceOpen, referenceSeal, sealedOf } from './helpers.js';

const aes = NativeAes.load();
const ODD = [0, 1, 15, 16, 17, 31, 4095, 4096, 4097, 65_537];

describe('sealBatch and openBatch against node:crypto', () => {
  it.each([16, 24, 32])('AES-%i: every ciphertext and tag equals node:crypto’s, odd lengths and empty plaintexts included', (keyLength) => {
    const raw = randomBytes(keyLength);
    const key = aes.importAesKey(raw);
    const l = layout(ODD);
    aes.sealBatch(key, l.seal);
    l.plaintexts.forEach((p, i) => {
      expect(Buffer.from(sealedOf(l.seal, i)).equals(referenceSeal(raw, ivOf(l.seal, i), l.aads[i]!, p)), `operation ${i}`).toBe(true);
    });
    expect(aes.openBatch(key, l.open)).toBe(ODD.length);
    l.plaintexts.forEach((p, i) => expect(Buffer.from(openedOf(l.open, i)).equals(p)).toBe(true));
    key.destroy();
  });

  it('IV lengths other than 12 and short tags, changing from batch to batch under one key', () => {
    const raw = randomBytes(32);
    const key = aes.importAesKey(raw);
    for (const [ivLength, tagLength] of [[12, 16], [16, 12], [1, 16], [60, 8], [12, 4], [12, 16]] as const) {
      const l = layout([0, 33, 4096], { ivLength, tagLength });
      aes.sealBatch(key, l.seal);
      l.plaintexts.forEach((p, i) => expect(Buffer.from(sealedOf(l.seal, i)).equals(referenceSeal(raw, ivOf(l.seal, i), l.aads[i]!, p, tagLength))).toBe(true));
      expect(aes.openBatch(key, l.open)).toBe(3);
      l.plaintexts.forEach((p, i) => expect(Buffer.from(openedOf(l.open, i)).equals(p)).toBe(true));
    }
  });

  it('node:crypto’s ciphertexts open; 2,000 4 KiB frames in one batch; an empty batch', () => {
    const raw = randomBytes(32);
    const key = aes.importAesKey(raw);
    const l = layout(Array.from({ length: 2000 }, () => 4096), { gap: 0, aadMax: 60 });
    l.plaintexts.forEach((p, i) => l.seal.output.set(referenceSeal(raw, ivOf(l.seal, i), l.aads[i]!, p), l.seal.outputStarts[i]));
    expect(aes.openBatch(key, l.open)).toBe(2000);
    expect(Buffer.from(l.open.output).equals(Buffer.from(l.seal.input))).toBe(true);
    expect(aes.openBatch(key, { ...l.open, count: 0 })).toBe(0);
    aes.sealBatch(key, { ...l.seal, count: 0 });
  });

  it('in place: sealing over the plaintext and opening over the ciphertext', () => {
    const raw = randomBytes(32);
    const key = aes.importAesKey(raw);
    const plain = randomBytes(3 * 1000);
    const buf = Buffer.alloc(3 * 1016);
    for (let i = 0; i < 3; i++) plain.copy(buf, i * 1016, i * 1000, (i + 1) * 1000);
    const starts = Uint32Array.of(0, 1016, 2032);
    const b = { count: 3, ivLength: 12, tagLength: 16, ivs: randomBytes(36), aad: Buffer.from('aad'), aadStarts: new Uint32Array(3), aadLengths: Uint32Array.of(3, 3, 3), input: buf, inputStarts: starts, lengths: Uint32Array.of(1000, 1000, 1000), output: buf, outputStarts: starts };
    aes.sealBatch(key, b);
    for (let i = 0; i < 3; i++) {
      expect(buf.subarray(i * 1016, (i + 1) * 1016).equals(referenceSeal(raw, b.ivs.subarray(12 * i, 12 * i + 12), b.aad, plain.subarray(i * 1000, (i + 1) * 1000)))).toBe(true);
    }
    expect(aes.openBatch(key, b)).toBe(3);
    for (let i = 0; i < 3; i++) expect(buf.subarray(i * 1016, i * 1016 + 1000).equals(plain.subarray(i * 1000, (i + 1) * 1000))).toBe(true);
  });

  it.each(['ciphertext', 'tag', 'aad', 'iv'] as const)('a changed %s: the index of the first failing frame, its output zeroed, later outputs unwritten, earlier ones opened', (what) => {
    const key = aes.importAesKey(randomBytes(32));
    const l = layout([100, 4096, 0, 4096, 50], { aadMin: 1 });
    aes.sealBatch(key, l.seal);
    const bad = what === 'ciphertext' ? 1 : 3;
    if (what === 'ciphertext') l.seal.output[l.seal.outputStarts[bad]! + randomInt(4096)]! ^= 1;
    if (what === 'tag') l.seal.output[l.seal.outputStarts[bad]! + 4096 + randomInt(16)]! ^= 0x80;
    if (what === 'aad') l.seal.aad[l.seal.aadStarts[bad]!]! ^= 1;
    if (what === 'iv') l.seal.ivs[bad * 12 + 11]! ^= 1;
    l.open.output.fill(0xee);
    expect(aes.openBatch(key, l.open)).toBe(bad);
    for (let i = 0; i < bad; i++) expect(Buffer.from(openedOf(l.open, i)).equals(l.plaintexts[i]!)).toBe(true);
    expect(openedOf(l.open, bad).every((x) => x === 0)).toBe(true);
    for (let i = bad + 1; i < 5; i++) expect(openedOf(l.open, i).every((x) => x === 0xee)).toBe(true);
  });

  it('a failing frame opened in place: its bytes zeroed, the frames after it untouched ciphertext', () => {
    const key = aes.importAesKey(randomBytes(16));
    const l = layout([64, 64, 64], { gap: 0 });
    aes.sealBatch(key, l.seal);
    const sealed = Buffer.from(l.seal.output);
    l.seal.output[l.seal.outputStarts[1]! + 64]! ^= 1; // frame 1's tag
    const inPlace = { ...l.open, output: l.seal.output, outputStarts: l.seal.outputStarts };
    expect(aes.openBatch(key, inPlace)).toBe(1);
    expect(Buffer.from(l.seal.output.subarray(0, 64)).equals(l.plaintexts[0]!)).toBe(true);
    expect(l.seal.output.subarray(80, 144).every((x) => x === 0)).toBe(true);
    expect(Buffer.from(l.seal.output.subarray(160)).equals(sealed.subarray(160))).toBe(true);
  });

  it('output in a SharedArrayBuffer: the same plaintext; a failing frame leaves its output and the rest unwritten', () => {
    const raw = randomBytes(32);
    const key = aes.importAesKey(raw);
    const l = layout([4096, 17, 4096]);
    aes.sealBatch(key, l.seal);
    const shared = new Uint8Array(new SharedArrayBuffer(l.open.output.length)).fill(0xee);
    const b = { ...l.open, output: shared };
    expect(aes.openBatch(key, b)).toBe(3);
    l.plaintexts.forEach((p, i) => expect(Buffer.from(openedOf(b, i)).equals(p)).toBe(true));
    shared.fill(0xee);
    l.seal.output[l.seal.outputStarts[1]!]! ^= 1;
    expect(aes.openBatch(key, b)).toBe(1);
    expect(Buffer.from(openedOf(b, 0)).equals(l.plaintexts[0]!)).toBe(true);
    expect(openedOf(b, 1).every((x) => x === 0xee) && openedOf(b, 2).every((x) => x === 0xee)).toBe(true);
  });

  it('one-shot seal and open equal node:crypto’s; a bad tag throws; node:crypto works after it (no OpenSSL error left behind)', () => {
    const raw = randomBytes(24);
    const key = aes.importAesKey(raw);
    const iv = randomBytes(12);
    const aad = randomBytes(20);
    for (const n of [0, 1, 32, 1000]) {
      const p = randomBytes(n);
      const { ciphertext, tag } = aes.seal(key, iv, aad, p, 16);
      expect(Buffer.concat([ciphertext, tag]).equals(referenceSeal(raw, iv, aad, p))).toBe(true);
      expect(Buffer.from(aes.open(key, iv, aad, ciphertext, tag)).equals(p)).toBe(true);
      const badTag = Buffer.from(tag);
      badTag[0]! ^= 1;
      expect(() => aes.open(key, iv, aad, ciphertext, badTag)).toThrow(/did not verify/);
      expect(referenceOpen(raw, iv, aad, Buffer.concat([ciphertext, tag])).equals(p)).toBe(true);
    }
  });
});
