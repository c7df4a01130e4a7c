import { describe, expect, it } from 'vitest';
import { LimitExceededError, MalformedMessageError } from '@envelope/core';
import { headLength, readFrameHead, readSingleHead, writeBodyHead, writeFrameHead } from '../../src/format/frame_head.js';
import { v1Framed, v1NonFramed, v2Framed } from './fixtures.js';

describe('frame head codec', () => {
  it.each([v1Framed, v2Framed].map((f) => [f.name, f] as const))('%s: every regular and final head: write(read(x)) == x, short is "need more"', (_n, f) => {
    const { suite, header } = f;
    let o = header.length;
    let seq = 1;
    for (;;) {
      const r = readFrameHead(f.bytes, o, suite, header.frameLength)!;
      expect(r.value.sequence).toBe(seq++);
      expect(r.end - o).toBe(headLength(r.value.kind, suite));
      const out = Buffer.alloc(r.end - o);
      expect(writeBodyHead(r.value, suite, out, 0)).toBe(out.length);
      expect(out.equals(f.bytes.subarray(o, r.end))).toBe(true);
      for (let n = o; n < r.end; n++) expect(readFrameHead(f.bytes.subarray(0, n), o, suite, header.frameLength)).toBeUndefined();
      o = r.end + r.value.length + suite.tagLength;
      if (r.value.kind === 'final') break;
      expect(r.value.length).toBe(header.frameLength);
    }
    expect(seq).toBeGreaterThan(2);
    // What follows the final frame is the footer (2-byte length + signature), to the last byte.
    expect(o + 2 + f.bytes.readUInt16BE(o)).toBe(f.bytes.length);
  });

  it('non-framed head (fixture): write(read(x)) == x, short is "need more"', () => {
    const { suite, header, bytes } = v1NonFramed;
    const r = readSingleHead(bytes, header.length, suite)!;
    expect(r.value.kind).toBe('single');
    expect(r.end + r.value.length + suite.tagLength).toBe(bytes.length);
    const out = Buffer.alloc(r.end - header.length);
    writeBodyHead(r.value, suite, out, 0);
    expect(out.equals(bytes.subarray(header.length, r.end))).toBe(true);
    for (let n = header.length; n < r.end; n++) expect(readSingleHead(bytes.subarray(0, n), header.length, suite)).toBeUndefined();
  });

  it('refuses a final frame longer than the frame length and non-framed content over 2^36 - 32', () => {
    const { suite } = v2Framed;
    const final = Buffer.alloc(headLength('final', suite));
    const iv3 = new Uint8Array(12);
    iv3[11] = 3;
    writeBodyHead({ kind: 'final', sequence: 3, iv: iv3, length: 513 }, suite, final, 0);
    expect(() => readFrameHead(final, 0, suite, 512)).toThrow(MalformedMessageError);
    expect(readFrameHead(final, 0, suite, 513)?.value.length).toBe(513);
    const single = Buffer.alloc(headLength('single', suite));
    single[11] = 1;
    single.writeUInt32BE(16, 12);
    expect(() => readSingleHead(single, 0, suite)).toThrow(MalformedMessageError);
    expect(() => writeBodyHead({ kind: 'frame', sequence: 1, iv: new Uint8Array(16), length: 1 }, suite, Buffer.alloc(32), 0)).toThrow(MalformedMessageError);
  });

  it('refuses a head whose IV is not its sequence number, big-endian, left-padded with zeros (regular, final, non-framed)', () => {
    const { suite } = v2Framed;
    const ivOf = (n: number, at = 11): Uint8Array => {
      const iv = new Uint8Array(12);
      iv[at] = n;
      return iv;
    };
    const head = (kind: 'frame' | 'final' | 'single', sequence: number, iv: Uint8Array): Buffer => {
      const b = Buffer.alloc(headLength(kind, suite));
      writeBodyHead({ kind, sequence, iv, length: 16 }, suite, b, 0);
      return b;
    };
    for (const kind of ['frame', 'final'] as const) {
      expect(readFrameHead(head(kind, 5, ivOf(5)), 0, suite, 512)?.value.sequence).toBe(5);
      for (const iv of [ivOf(6), ivOf(4), ivOf(5, 0), ivOf(5, 7), new Uint8Array(12)]) {
        if (kind === 'frame' || iv[11] !== 5) expect(() => readFrameHead(head(kind, 5, iv), 0, suite, 512)).toThrow(/IV is not its sequence number/);
      }
      // A high byte set beside the right low word.
      const high = ivOf(5);
      high[0] = 1;
      expect(() => readFrameHead(head(kind, 5, high), 0, suite, 512)).toThrow(MalformedMessageError);
    }
    expect(readSingleHead(head('single', 1, ivOf(1)), 0, suite)?.value.kind).toBe('single');
    expect(() => readSingleHead(head('single', 1, ivOf(2)), 0, suite)).toThrow(MalformedMessageError);
    expect(() => readSingleHead(head('single', 1, new Uint8Array(12)), 0, suite)).toThrow(MalformedMessageError);
  });

  it('refuses to write a regular frame numbered 2^32 - 1 (it would read as the final-frame marker) or a final frame past it', () => {
    const { suite } = v2Framed;
    const iv = new Uint8Array(12);
    const out = Buffer.alloc(64);
    expect(() => writeBodyHead({ kind: 'frame', sequence: 0xffffffff, iv, length: 1 }, suite, out, 0)).toThrow(LimitExceededError);
    expect(() => writeBodyHead({ kind: 'final', sequence: 2 ** 32, iv, length: 1 }, suite, out, 0)).toThrow(LimitExceededError);
    expect(writeBodyHead({ kind: 'frame', sequence: 0xfffffffe, iv, length: 1 }, suite, out, 0)).toBe(16);
    expect(out.readUInt32BE(0)).toBe(0xfffffffe);
    const fast = Buffer.alloc(16);
    expect(writeFrameHead(0xfffffffe, iv.fill(7), fast, 0)).toBe(16);
    expect(writeBodyHead({ kind: 'frame', sequence: 0xfffffffe, iv, length: 1 }, suite, out, 0)).toBe(16);
    expect(fast.equals(out.subarray(0, 16))).toBe(true);
    expect(() => writeFrameHead(0xffffffff, iv, fast, 0)).toThrow(LimitExceededError);
    expect(writeBodyHead({ kind: 'final', sequence: 0xffffffff, iv, length: 7 }, suite, out, 0)).toBe(24);
    expect([out.readUInt32BE(0), out.readUInt32BE(4), out.readUInt32BE(20)]).toEqual([0xffffffff, 0xffffffff, 7]);
  });
});
