import { describe, expect, it } from 'vitest';
import { LimitExceededError, MalformedMessageError } from '@envelope/core';
import { readAll } from '../../src/internal/step_reader.js';
import { encryptedDataKeysSteps, readEncryptedDataKey, writeEncryptedDataKeys } from '../../src/format/encrypted_data_keys.js';
import { all, edkOffset } from './fixtures.js';

describe('encrypted data keys codec', () => {
  it.each(all.map((f) => [f.name, f] as const))('%s: write(read(x)) == x, every prefix is "need more"', (_n, f) => {
    const start = edkOffset(f);
    const r = readAll(f.bytes, (src) => encryptedDataKeysSteps(src, start))!;
    expect(r.value.length).toBe(f.header.encryptedDataKeys.length);
    const x = f.bytes.subarray(start, r.end);
    expect(Buffer.from(writeEncryptedDataKeys(r.value)).equals(x)).toBe(true);
    for (let n = start; n < r.end; n++) expect(readAll(f.bytes.subarray(0, n), (src) => encryptedDataKeysSteps(src, start))).toBeUndefined();
    for (let n = start + 2; n < r.end; n++) {
      const one = readEncryptedDataKey(f.bytes.subarray(0, n), start + 2);
      if (one) expect(one.end).toBeLessThanOrEqual(n);
    }
  });

  it('refuses a zero count, a count over the limit and fields over 65535 bytes', () => {
    const edk = { providerId: 'p', providerInfo: new Uint8Array([1]), ciphertext: new Uint8Array([2, 3]) };
    const x = Buffer.from(writeEncryptedDataKeys([edk, edk]));
    expect(x.toString('hex')).toBe('0002' + '000170' + '000101' + '00020203' + '000170' + '000101' + '00020203');
    expect(() => readAll(x, (src) => encryptedDataKeysSteps(src, 0, { maxEncryptedDataKeys: 1 }))).toThrow(LimitExceededError);
    expect(() => readAll(Buffer.from([0, 0]), (src) => encryptedDataKeysSteps(src, 0))).toThrow(MalformedMessageError);
    const badUtf8 = Buffer.from(x);
    badUtf8[4] = 0xff;
    expect(() => readAll(badUtf8, (src) => encryptedDataKeysSteps(src, 0))).toThrow(MalformedMessageError);
    expect(() => writeEncryptedDataKeys([])).toThrow(MalformedMessageError);
    expect(() => writeEncryptedDataKeys([{ ...edk, ciphertext: new Uint8Array(0x10000) }])).toThrow(MalformedMessageError);
  });
});
