import { describe, expect, it } from 'vitest';
import { StepReader, readAll, section, want, type Source, type Steps } from '../../src/internal/step_reader.js';
import { GrowBuffer } from '../../src/internal/grow_buffer.js';

/** A toy format: a 1-byte count, then that many length-prefixed strings. */
function* strings(src: Source): Steps<string[]> {
  yield* want(src, 1);
  const out: string[] = [];
  let o = 1;
  for (let i = 0; i < src.bytes[0]!; i++) {
    const s = yield* section(src, (b, at) => (b.length > at && b.length >= at + 1 + b[at]! ? { value: b.subarray(at + 1, at + 1 + b[at]!).toString(), end: at + 1 + b[at]! } : undefined), o);
    out.push(s.value);
    o = s.end;
  }
  return out;
}

describe('step reader', () => {
  const bytes = Buffer.from([3, 2, 0x68, 0x69, 0, 3, 0x61, 0x62, 0x63]);

  it('reads whole bytes at once, or says "need more" for every prefix', () => {
    expect(readAll(bytes, strings)).toEqual(['hi', '', 'abc']);
    for (let n = 0; n < bytes.length; n++) expect(readAll(bytes.subarray(0, n), strings)).toBeUndefined();
  });

  it('resumes where it stopped as a growing buffer receives the bytes one at a time', () => {
    const r = new StepReader(strings);
    const held = new GrowBuffer((n) => Buffer.allocUnsafe(n));
    let value: string[] | undefined;
    for (const byte of bytes) {
      held.append(Buffer.from([byte]));
      value = r.read(held.bytes);
    }
    expect(value).toEqual(['hi', '', 'abc']);
    expect(r.resumes).toBeLessThanOrEqual(bytes.length);
    expect(held.copied).toBeLessThanOrEqual(2 * bytes.length + 256);
    expect(r.read(held.bytes)).toEqual(['hi', '', 'abc']); // done: the value stays
  });

  it('does not resume before the bytes it asked for are there', () => {
    const r = new StepReader((src) => (function* () {
      yield* want(src, 10);
      return src.bytes.length;
    })());
    expect(r.read(Buffer.alloc(1))).toBeUndefined();
    expect(r.need).toBe(10);
    expect(r.read(Buffer.alloc(9))).toBeUndefined();
    expect(r.resumes).toBe(1);
    expect(r.read(Buffer.alloc(10))).toBe(10);
  });
});
