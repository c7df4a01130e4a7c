// Cache entry ids against the labelled vectors of the AWS ESDK for JavaScript
// (aws-encryption-sdk-javascript, modules/cache-material/test/fixtures.ts: partition
// 'c15b9079-6d0e-42b6-8784-5e804b025692', ids as base64 SHA-512), which implement the
// specification's formulas (framework/caching-cmm.md, appendix A).
import { describe, expect, it } from 'vitest';
import { decryptionCacheId, encryptionCacheId, partitionDigest } from '../../src/managers/cache_id.js';

const partition = partitionDigest('c15b9079-6d0e-42b6-8784-5e804b025692');
const b64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');
const full = { this: 'is', a: 'non-empty', encryption: 'context' };
const edk1 = { providerId: 'this is a provider ID', providerInfo: Buffer.from('this is some key info'), ciphertext: Buffer.from('super secret key, now with encryption!') };
const edk2 = { providerId: 'another provider ID!', providerInfo: Buffer.from('this is some different key info'), ciphertext: Buffer.from('better super secret key, now with encryption!') };

describe('cache entry ids (ESDK vectors)', () => {
  it('encrypt, with and without a suite, empty and full context', () => {
    expect(b64(encryptionCacheId(partition, undefined, {}))).toBe('rkrFAso1YyPbOJbmwVMjrPw+wwLJT7xusn8tA8zMe9e3+OqbtfDueB7bvoKLU3fsmdUvZ6eMt7mBp1ThMMB25Q==');
    expect(b64(encryptionCacheId(partition, 0x0378, {}))).toBe('3icBIkLK4V3fVwbm3zSxUdUQV6ZvZYUOLl8buN36g6gDMqAkghcGryxX7QiVABkW1JhB6GRp5z+bzbiuciBcKQ==');
    expect(b64(encryptionCacheId(partition, undefined, full))).toBe('IHiUHYOUVUEFTc3BcZPJDlsWct2Qy1A7JdfQl9sQoV/ILIbRpoz9q7RtGd/MlibaGl5ihE66cN8ygM8A5rtYbg==');
    expect(b64(encryptionCacheId(partition, 0x0378, full))).toBe('mRNK7qhTb/kJiiyGPgAevp0gwFRcET4KeeNYwZHhoEDvSUzQiDgl8Of+YRDaVzKxAqpNBgcAuFXde9JlaRRsmw==');
  });

  it('decrypt: suite, EDKs in any order, context', () => {
    expect(b64(decryptionCacheId(partition, 0x0114, [edk1], {}))).toBe('n0zVzk9QIVxhz6ET+aJIKKOJNxtpGtSe1yAbu7WU5l272Iw/jmhlER4psDHJs9Mr8KYiIvLGSXzggNDCc23+9w==');
    const both = '+rtwUe38CGnczGmYu12iqGWHIyDyZ44EvYQ4S6ACmsgS8VaEpiw0RTGpDk6Z/7YYN/jVHOAcNKDyCNP8EmstFg==';
    expect(b64(decryptionCacheId(partition, 0x0378, [edk1, edk2], full))).toBe(both);
    expect(b64(decryptionCacheId(partition, 0x0378, [edk2, edk1], full))).toBe(both);
  });

  it('another partition, suite or context gives another id', () => {
    const base = encryptionCacheId(partition, 0x0478, { a: 'b' });
    expect(encryptionCacheId(partitionDigest('other'), 0x0478, { a: 'b' })).not.toBe(base);
    expect(encryptionCacheId(partition, 0x0578, { a: 'b' })).not.toBe(base);
    expect(encryptionCacheId(partition, 0x0478, { a: 'c' })).not.toBe(base);
  });
});
