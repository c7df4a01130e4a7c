import { describe, expect, it } from 'vitest';
import { MalformedMessageError } from '@envelope/core';
import { readAll, StepReader } from '../../src/internal/step_reader.js';
import { headerV2Steps, writeHeaderV2 } from '../../src/format/header_v2.js';
import { writeHeader } from '../../src/format/header.js';
import { v2Framed } from './fixtures.js';

const read = (b: Buffer) => readAll(b, (src) => headerV2Steps(src));

describe('header v2 codec', () => {
  it('fixture: fields, write(read(x)) == x, every prefix is "need more"', () => {
    const h = read(v2Framed.bytes)!;
    expect(h.version).toBe(2);
    expect(h.suiteId).toBe(0x0578);
    expect(h.frameLength).toBe(512);
    expect(h.contentType).toBe('framed');
    expect(h.messageId).toHaveLength(32);
    expect(h.commitment).toHaveLength(32);
    expect(h.encryptionContext).toMatchObject({ purpose: 'codec fixture', tenant: 'a' });
    expect(h.encryptedDataKeys.map((e) => e.providerId)).toEqual(['fixture']);
    const x = v2Framed.bytes.subarray(0, h.length);
    expect(Buffer.from(writeHeaderV2(h, (aad) => {
      expect(Buffer.from(aad).equals(h.body)).toBe(true);
      return h.headerTag;
    })).equals(x)).toBe(true);
    expect(Buffer.from(writeHeader(h, () => h.headerTag)).equals(x)).toBe(true);
    for (let n = 0; n < h.length; n++) expect(read(v2Framed.bytes.subarray(0, n))).toBeUndefined();
  });

  it('resumes in 3-byte steps to the same header', () => {
    const r = new StepReader((src) => headerV2Steps(src));
    let h;
    for (let n = 3; !h; n += 3) h = r.read(v2Framed.bytes.subarray(0, n));
    expect(h.length).toBe(v2Framed.header.length);
    expect(h.headerTag.equals(v2Framed.header.headerTag)).toBe(true);
  });

  it('refuses a v1 suite, a bad content type, framed content with frame length 0, and fields that do not fit', () => {
    const h = v2Framed.header;
    const x = () => Buffer.from(v2Framed.bytes.subarray(0, h.length));
    const v1suite = x();
    v1suite.writeUInt16BE(0x0378, 1);
    expect(() => read(v1suite)).toThrow(MalformedMessageError);
    const content = x();
    content[h.body.length - 32 - 5] = 3;
    expect(() => read(content)).toThrow(MalformedMessageError);
    const zero = x();
    zero.writeUInt32BE(0, h.body.length - 32 - 4);
    expect(() => read(zero)).toThrow(MalformedMessageError);
    expect(() => writeHeaderV2({ ...h, commitment: undefined }, () => h.headerTag)).toThrow(MalformedMessageError);
    expect(() => writeHeaderV2({ ...h, messageId: new Uint8Array(16) }, () => h.headerTag)).toThrow(MalformedMessageError);
  });
});
