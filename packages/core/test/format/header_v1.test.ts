import { describe, expect, it } from 'vitest';
import { MalformedMessageError, UnsupportedSuiteError } from '@envelope/core';
import { readAll, StepReader } from '../../src/internal/step_reader.js';
import { headerV1Steps, writeHeaderV1 } from '../../src/format/header_v1.js';
import { v1Framed, v1NonFramed } from './fixtures.js';

describe('header v1 codec', () => {
  it.each([v1Framed, v1NonFramed].map((f) => [f.name, f] as const))('%s: fields, write(read(x)) == x, every prefix is "need more"', (_n, f) => {
    const h = readAll(f.bytes, (src) => headerV1Steps(src))!;
    expect(h.version).toBe(1);
    expect(h.suiteId).toBe(f === v1Framed ? 0x0346 : 0x0014);
    expect(h.contentType).toBe(f === v1Framed ? 'framed' : 'non-framed');
    expect(h.frameLength).toBe(f === v1Framed ? 512 : 0);
    expect(h.messageId).toHaveLength(16);
    expect(h.encryptedDataKeys[0]!.providerId).toBe('static-aws-xcompat');
    const x = f.bytes.subarray(0, h.length);
    expect(Buffer.from(writeHeaderV1(h, (aad, iv) => {
      expect(Buffer.from(aad).equals(h.body)).toBe(true);
      expect(Buffer.from(iv).equals(h.headerIv)).toBe(true);
      return h.headerTag;
    })).equals(x)).toBe(true);
    for (let n = 0; n < h.length; n++) expect(readAll(f.bytes.subarray(0, n), (src) => headerV1Steps(src))).toBeUndefined();
  });

  it('resumes byte by byte to the same header', () => {
    const r = new StepReader((src) => headerV1Steps(src));
    let h;
    for (let n = 1; !h; n++) h = r.read(v1Framed.bytes.subarray(0, n));
    expect(h.length).toBe(v1Framed.header.length);
    expect(h.body.equals(v1Framed.header.body)).toBe(true);
    expect(r.resumes).toBeLessThanOrEqual(h.length);
  });

  it('refuses a wrong type byte, reserved bytes, IV length and suite', () => {
    const h = v1Framed.header;
    const bad = (at: number, v: number) => {
      const b = Buffer.from(v1Framed.bytes.subarray(0, h.length));
      b[at] = v;
      return () => readAll(b, (src) => headerV1Steps(src));
    };
    expect(bad(1, 0x81)).toThrow(MalformedMessageError);
    expect(bad(h.body.length - 6, 1)).toThrow(MalformedMessageError); // reserved
    expect(bad(h.body.length - 5, 16)).toThrow(MalformedMessageError); // IV length
    expect(bad(2, 0x09)).toThrow(UnsupportedSuiteError);
    const v2suite = Buffer.from(v1Framed.bytes.subarray(0, h.length));
    v2suite.writeUInt16BE(0x0478, 2);
    expect(() => readAll(v2suite, (src) => headerV1Steps(src))).toThrow(MalformedMessageError);
  });
});
