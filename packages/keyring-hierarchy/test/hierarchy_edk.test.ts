import { describe, expect, it } from 'vitest';
import { bytesToUuid, edkBranchKeyId, hierarchyEdk, readHierarchyCiphertext, uuidToBytes, writeHierarchyCiphertext } from '../src/hierarchy_edk.js';

describe('aws-kms-hierarchy EDK codec', () => {
  const fields = {
    salt: Buffer.alloc(16, 1),
    iv: Buffer.alloc(12, 2),
    version: uuidToBytes('5f0b7c9e-3a1d-4e2b-9c8f-0123456789ab'),
    wrapped: Buffer.alloc(32, 3),
    tag: Buffer.alloc(16, 4),
  };

  it('write(read(x)) == x, with the layout salt | iv | version | wrapped | tag', () => {
    const bytes = writeHierarchyCiphertext(fields);
    expect(Buffer.from(bytes).toString('hex')).toBe('01'.repeat(16) + '02'.repeat(12) + '5f0b7c9e3a1d4e2b9c8f0123456789ab' + '03'.repeat(32) + '04'.repeat(16));
    const read = readHierarchyCiphertext(bytes, 32)!;
    expect(Buffer.from(writeHierarchyCiphertext(read)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('every other length is refused for the suite', () => {
    const bytes = writeHierarchyCiphertext(fields);
    for (let n = 0; n < bytes.length + 3; n++) {
      if (n === bytes.length) continue;
      const b = Buffer.alloc(n, 5);
      expect(readHierarchyCiphertext(b, 32)).toBeUndefined();
    }
    expect(readHierarchyCiphertext(bytes, 16)).toBeUndefined();
  });

  it('versions travel as the 16 bytes of the UUID', () => {
    const v = '5f0b7c9e-3a1d-4e2b-9c8f-0123456789ab';
    expect(bytesToUuid(uuidToBytes(v))).toBe(v);
    expect(bytesToUuid(uuidToBytes(v.toUpperCase()))).toBe(v);
    expect(() => uuidToBytes('not-a-uuid')).toThrow(RangeError);
  });

  it('names its branch key in the provider info; other providers and non-UTF-8 names are not ours', () => {
    expect(edkBranchKeyId(hierarchyEdk('tenant-é', new Uint8Array(1)))).toBe('tenant-é');
    expect(edkBranchKeyId({ providerId: 'aws-kms', providerInfo: Buffer.from('x'), ciphertext: new Uint8Array(1) })).toBeUndefined();
    expect(edkBranchKeyId({ providerId: 'aws-kms-hierarchy', providerInfo: Buffer.from([0xff, 0xfe]), ciphertext: new Uint8Array(1) })).toBeUndefined();
  });
});
