import { describe, expect, it } from 'vitest';
import { serializeEncryptionContext, parseEncryptionContext, MalformedMessageError } from '@envelope/core';
import { readEncryptionContextField, writeEncryptionContextField } from '../../src/format/encryption_context.js';
import { all } from './fixtures.js';

describe('encryption context serialization', () => {
  it('is empty for an empty context and round-trips otherwise', () => {
    expect(serializeEncryptionContext({})).toHaveLength(0);
    const ec = { b: '2', a: '1', 'ü': 'ß', '': 'empty key' };
    expect(parseEncryptionContext(serializeEncryptionContext(ec))).toEqual(ec);
  });
  it('sorts pairs by the UTF-8 bytes of the key (not by UTF-16 code units)', () => {
    // U+FF5E (EF BD 9E) sorts after U+1F600 (F0 9F 98 80) in UTF-16 but before it in UTF-8.
    const b = Buffer.from(serializeEncryptionContext({ '\u{1F600}': 'x', '\uFF5E': 'y', a: 'z' }));
    const keys: string[] = [];
    let o = 2;
    for (let i = 0; i < b.readUInt16BE(0); i++) {
      const kl = b.readUInt16BE(o);
      keys.push(b.subarray(o + 2, o + 2 + kl).toString('utf8'));
      o += 2 + kl;
      o += 2 + b.readUInt16BE(o);
    }
    expect(keys).toEqual(['a', '\uFF5E', '\u{1F600}']);
  });
  it('refuses duplicate keys, bad UTF-8, short and trailing bytes', () => {
    const one = serializeEncryptionContext({ a: 'b' });
    const dup = Buffer.concat([Buffer.from([0, 2]), one.subarray(2), one.subarray(2)]);
    expect(() => parseEncryptionContext(dup)).toThrow(MalformedMessageError);
    const bad = Buffer.from(one);
    bad[4] = 0xff;
    expect(() => parseEncryptionContext(bad)).toThrow(MalformedMessageError);
    expect(() => parseEncryptionContext(one.subarray(0, one.length - 1))).toThrow(MalformedMessageError);
    expect(() => parseEncryptionContext(Buffer.concat([one, Buffer.from([0])]))).toThrow(MalformedMessageError);
  });

  it.each(all.map((f) => [f.name, f] as const))('%s: the header field: write(read(x)) == x, short is "need more"', (_n, f) => {
    const start = (f.header.version === 1 ? 4 : 3) + f.suite.messageIdLength;
    const r = readEncryptionContextField(f.bytes, start)!;
    expect(r.value.context).toEqual(f.header.encryptionContext);
    expect(Buffer.from(writeEncryptionContextField(r.value.context)).equals(f.bytes.subarray(start, r.end))).toBe(true);
    for (let n = start; n < r.end; n++) expect(readEncryptionContextField(f.bytes.subarray(0, n), start)).toBeUndefined();
  });
  it('an empty context is an empty field', () => {
    expect(Buffer.from(writeEncryptionContextField({})).toString('hex')).toBe('0000');
    expect(readEncryptionContextField(Buffer.from([0, 0]), 0)).toEqual({ value: { context: {}, bytes: Buffer.alloc(0) }, end: 2 });
  });
});
