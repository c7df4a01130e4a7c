import { describe, expect, it } from 'vitest';
import { KeyringError, SUITES } from '@envelope/core';
import { deriveWrappingKey, unwrapDataKey, wrapDataKey, wrappingAad } from '../src/branch_key_wrapping.js';
import { uuidToBytes } from '../src/hierarchy_edk.js';

const hex = (s: string): Buffer => Buffer.from(s, 'hex');
const branchKey = hex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
const version = '5f0b7c9e-3a1d-4e2b-9c8f-0123456789ab';
const bk = { branchKeyId: 'tenant-42', versionBytes: uuidToBytes(version), key: branchKey };

// Known answers produced by @aws-crypto/client-node 5.0.2 (kdf-ctr-mode-node's kdfCounterMode and
// kms-keyring-node's wrapPlaintextDataKey with utf8Sorting) for this branch key, version and id.
const VECTORS = [
  { suite: 0x0578, ec: { tenant: 't42', purpose: 'vectors' }, dataKey: '07'.repeat(32), ciphertext: 'dd433d0b119991692f78ca4b97c20fa702e341fae9ecd30e3c4e35735f0b7c9e3a1d4e2b9c8f0123456789ab2a2f88c15a55081c97187d2de854f58a1331fa6406c405b27043363a85364f3e118f079215a33a52380837a0a2a5597d' },
  { suite: 0x0014, ec: {}, dataKey: '07'.repeat(16), ciphertext: '765629da922456541d9021dc840e2c2c44ccb4879f796bcd0b7c97105f0b7c9e3a1d4e2b9c8f0123456789ab1bc5023d990d3060a4c605d91d73fa2fc3654ad4ee466e34261fe3051ae32aa5' },
  { suite: 0x0478, ec: { 'aws-crypto-public-key': 'AQID', a: 'b' }, dataKey: '07'.repeat(32), ciphertext: 'cfc145159e3587d2aa911677b39db90d312e78d7509b55962b9c1da05f0b7c9e3a1d4e2b9c8f0123456789ab3c14cd34c52ea56eebedb21e82e57b0d3143c76e226e753e32bd7531fc4171bcf32b1e5038bac2b1853a3ee3c48003c6' },
] as const;

describe('branch key wrapping', () => {
  it('derives the wrapping key as esdk-js does (SP 800-108 counter mode, HMAC-SHA-256, label aws-kms-hierarchy)', () => {
    expect(deriveWrappingKey(branchKey, hex('a0a1a2a3a4a5a6a7a8a9aaabacadaeaf')).toString('hex')).toBe('e5bb8edd42332babcda1e0bea19df88f3d9baa54461f50df2cc426a942b5e4e6');
  });

  for (const v of VECTORS) {
    it(`opens esdk-js's EDK ciphertext for suite 0x${v.suite.toString(16).padStart(4, '0')}`, () => {
      const key = unwrapDataKey(bk, hex(v.ciphertext), SUITES[v.suite as keyof typeof SUITES].keyLength, v.ec);
      expect(Buffer.from(key).toString('hex')).toBe(v.dataKey);
    });
  }

  it('the AAD is label | branch key id | version bytes | serialized context', () => {
    const aad = wrappingAad('id', uuidToBytes(version), { a: 'b' });
    expect(aad.toString('hex')).toBe(Buffer.concat([Buffer.from('aws-kms-hierarchyid'), uuidToBytes(version), hex('0001000161000162')]).toString('hex'));
    expect(wrappingAad('id', uuidToBytes(version), {}).length).toBe(17 + 2 + 16);
  });

  it('round-trips, and fails with a KeyringError on any flipped byte, another context, branch key or id', () => {
    const dataKey = Buffer.alloc(32, 9);
    const ct = wrapDataKey(bk, dataKey, { x: 'y' });
    expect(ct.length).toBe(16 + 12 + 16 + 32 + 16);
    expect(Buffer.from(unwrapDataKey(bk, ct, 32, { x: 'y' })).equals(dataKey)).toBe(true);
    for (let i = 0; i < ct.length; i++) {
      const bad = Buffer.from(ct);
      bad[i]! ^= 1;
      expect(() => unwrapDataKey(bk, bad, 32, { x: 'y' })).toThrow(KeyringError);
    }
    expect(() => unwrapDataKey(bk, ct, 32, { x: 'z' })).toThrow(KeyringError);
    expect(() => unwrapDataKey({ ...bk, key: Buffer.alloc(32, 1) }, ct, 32, { x: 'y' })).toThrow(KeyringError);
    expect(() => unwrapDataKey({ ...bk, branchKeyId: 'tenant-43' }, ct, 32, { x: 'y' })).toThrow(KeyringError);
    expect(() => unwrapDataKey(bk, ct.subarray(1), 32, { x: 'y' })).toThrow(/wrong length/);
  });
});
