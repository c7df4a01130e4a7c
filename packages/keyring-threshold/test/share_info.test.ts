import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { describeShareEdk, readShareInfo, thresholdProvider, writeShareInfo, type ShareInfo } from '@envelope/keyring-threshold';

// 3 of 5, custodian 2, x = 0xa7, key name "board", custodian EDK of raw RSA key escrow/officer-2.
const info: ShareInfo = {
  threshold: 3,
  custodians: 5,
  custodianIndex: 2,
  shareX: 0xa7,
  keyName: 'board',
  custodianProviderId: 'escrow',
  custodianProviderInfo: Buffer.from('officer-2'),
};
const bytes = Buffer.concat([
  Buffer.from([0x01, 0x03, 0x05, 0x02, 0xa7]),
  Buffer.from([0x00, 0x05]),
  Buffer.from('board'),
  Buffer.from([0x00, 0x06]),
  Buffer.from('escrow'),
  Buffer.from('officer-2'),
]);

describe('share info codec', () => {
  it('writes the documented layout', () => {
    expect(Buffer.from(writeShareInfo(info)).toString('hex')).toBe(bytes.toString('hex'));
  });

  it('write(read(x)) == x, and read(write(i)) == i', () => {
    const read = readShareInfo(bytes)!;
    expect({ ...read, custodianProviderInfo: Buffer.from(read.custodianProviderInfo) }).toEqual(info);
    expect(Buffer.from(writeShareInfo(read)).equals(bytes)).toBe(true);
  });

  it('binary custodian info (raw AES: name, tag and IV lengths, IV) and an empty one round-trip', () => {
    for (const custodianProviderInfo of [Buffer.concat([Buffer.from('k'), Buffer.from([0, 0, 0, 128, 0, 0, 0, 12]), Buffer.alloc(12, 0xff)]), Buffer.alloc(0)]) {
      const x = { ...info, custodianProviderInfo };
      const r = readShareInfo(writeShareInfo(x))!;
      expect(Buffer.from(r.custodianProviderInfo).equals(custodianProviderInfo)).toBe(true);
    }
  });

  it('every prefix of the fixed part and of the name/id fields is not share info', () => {
    for (let i = 0; i < 5 + 2 + 5 + 2; i++) expect(readShareInfo(bytes.subarray(0, i))).toBeUndefined();
  });

  it('refuses other versions, k < 2, n < k, i >= n, x = 0 and non-UTF-8 names', () => {
    const bad = (at: number, v: number) => {
      const b = Buffer.from(bytes);
      b[at] = v;
      return readShareInfo(b);
    };
    expect(bad(0, 0x02)).toBeUndefined();
    expect(bad(1, 1)).toBeUndefined();
    expect(bad(2, 2)).toBeUndefined();
    expect(bad(3, 5)).toBeUndefined();
    expect(bad(4, 0)).toBeUndefined();
    expect(bad(7, 0xff)).toBeUndefined();
    // A raw RSA keyring's provider info (its key name) is not share info.
    expect(readShareInfo(Buffer.from('escrow-2026'))).toBeUndefined();
  });

  it('refuses to write fields that do not fit', () => {
    expect(() => writeShareInfo({ ...info, threshold: 1 })).toThrow(RangeError);
    expect(() => writeShareInfo({ ...info, custodians: 2 })).toThrow(RangeError);
    expect(() => writeShareInfo({ ...info, custodianIndex: 5 })).toThrow(RangeError);
    expect(() => writeShareInfo({ ...info, shareX: 0 })).toThrow(RangeError);
    expect(() => writeShareInfo({ ...info, keyName: 'x'.repeat(70_000) })).toThrow(RangeError);
  });
});

describe('describeShareEdk (envelope inspect)', () => {
  const edk = (custodianProviderId: string, custodianProviderInfo: Uint8Array) => ({
    providerId: 'board',
    providerInfo: writeShareInfo({ ...info, custodianProviderId, custodianProviderInfo }),
    ciphertext: new Uint8Array(256),
  });
  it('says k of n custodians and names the custodian key: RSA name, KMS ARN, raw AES name without its IV', () => {
    expect(describeShareEdk(edk('escrow', Buffer.from('officer-2')))).toEqual({ providerId: 'board', keyId: 'board: 3 of 5 custodians, share of custodian 2 (escrow officer-2)' });
    const arn = 'arn:aws:kms:us-east-1:111122223333:key/k';
    expect(describeShareEdk(edk('aws-kms', Buffer.from(arn)))?.keyId).toContain(`(aws-kms ${arn})`);
    const aes = Buffer.concat([Buffer.from('vault-key'), Buffer.from([0, 0, 0, 128, 0, 0, 0, 12]), Buffer.alloc(12, 0x01)]);
    expect(describeShareEdk(edk('vault', aes))?.keyId).toContain('(vault vault-key)');
    expect(describeShareEdk(edk('hsm', Buffer.from([0xff, 0x00, 0x01])))?.keyId).toContain('(hsm (3-byte key info))');
    expect(thresholdProvider.describeEdk(edk('escrow', Buffer.from('x')))?.keyId).toContain('3 of 5 custodians');
    // With a describer (the registry's), the custodian's EDK is described by its own provider.
    const seen: string[] = [];
    const d = thresholdProvider.describeEdk(edk('aws-kms', Buffer.from(arn)), (inner) => (seen.push(inner.providerId), { providerId: 'aws-kms', keyId: 'k', region: 'us-east-1' }));
    expect(seen).toEqual(['aws-kms']);
    expect(d?.keyId).toBe('board: 3 of 5 custodians, share of custodian 2 (aws-kms k [us-east-1])');
  });
  it('is undefined for other EDKs', () => {
    expect(describeShareEdk({ providerId: 'escrow', providerInfo: Buffer.from('escrow-2026'), ciphertext: new Uint8Array(1) })).toBeUndefined();
  });
});
