import { describe, expect, it } from 'vitest';
import { SignatureError } from '@envelope/core';
import { maxFooterLength, readFooter, writeFooter } from '../../src/format/footer.js';
import { footerOffset, v1Framed, v2Framed } from './fixtures.js';

describe('footer codec', () => {
  it.each([v1Framed, v2Framed].map((f) => [f.name, f] as const))('%s: write(read(x)) == x, short is "need more"', (_n, f) => {
    const start = footerOffset(f);
    const r = readFooter(f.bytes, start, f.suite)!;
    expect(r.end).toBe(f.bytes.length);
    const out = Buffer.alloc(r.end - start);
    expect(writeFooter(r.value, out, 0)).toBe(out.length);
    expect(out.equals(f.bytes.subarray(start))).toBe(true);
    expect(out.length).toBeLessThanOrEqual(maxFooterLength(f.suite));
    for (let n = start; n < r.end; n++) expect(readFooter(f.bytes.subarray(0, n), start, f.suite)).toBeUndefined();
  });

  it('a declared length over the suite\'s largest signature fails at once', () => {
    const b = Buffer.from([0x00, 105]);
    expect(() => readFooter(b, 0, v2Framed.suite)).toThrow(SignatureError);
    expect(readFooter(Buffer.from([0x00, 104]), 0, v2Framed.suite)).toBeUndefined();
  });
});

