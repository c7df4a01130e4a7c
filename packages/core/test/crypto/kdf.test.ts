import { hkdfSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SUITE_IDS, findSuite, suiteLabel, type AlgorithmSuite } from '@envelope/core';
import { backend } from '#crypto-backend';
import { checkCommitment, deriveMessageKeys, type MessageKeys } from '../../src/crypto/kdf.js';

/** The derivation as the specification states it, in plain node:crypto (framework/algorithm-suites.md). */
function expected(suite: AlgorithmSuite, dataKey: Buffer, messageId: Buffer): { key: Buffer; commitment?: Buffer } {
  const id = Buffer.from([suite.id >> 8, suite.id & 0xff]);
  if (suite.kdfHash === null) return { key: dataKey };
  if (suite.commitmentHash === null) return { key: Buffer.from(hkdfSync(suite.kdfHash, dataKey, Buffer.alloc(0), Buffer.concat([id, messageId]), suite.keyLength)) };
  const key = Buffer.from(hkdfSync('sha512', dataKey, messageId, Buffer.concat([id, Buffer.from('DERIVEKEY')]), suite.keyLength));
  const commitment = Buffer.from(hkdfSync('sha512', dataKey, messageId, Buffer.from('COMMITKEY'), suite.commitmentLength));
  return { key, commitment };
}

describe('message key derivation', () => {
  it.each(SUITE_IDS.map((id) => [suiteLabel(id), id]))('suite %s derives the specification\'s key and commitment, leaving the data key as it was', async (_l, id) => {
    const suite = findSuite(id)!;
    const dataKey = randomBytes(suite.keyLength);
    const before = Buffer.from(dataKey);
    const messageId = randomBytes(suite.messageIdLength);
    const keys: MessageKeys = await deriveMessageKeys(suite, dataKey, messageId);
    const want = expected(suite, before, messageId);
    expect(Buffer.from(await backend.exportAesKey(keys.key)).equals(want.key)).toBe(true);
    expect(keys.commitment === undefined ? undefined : Buffer.from(keys.commitment)).toEqual(want.commitment);
    expect(dataKey.equals(before), 'the caller wipes the data key, not the derivation').toBe(true);
  });

  it('a commitment that differs in one byte (or is missing) is refused', async () => {
    const suite = findSuite(0x0578)!;
    const { commitment } = await deriveMessageKeys(suite, randomBytes(32), randomBytes(32));
    expect(() => checkCommitment(commitment, commitment)).not.toThrow();
    const other = Uint8Array.from(commitment!);
    other[31]! ^= 1;
    expect(() => checkCommitment(commitment, other)).toThrow(/commit/i);
    expect(() => checkCommitment(commitment, undefined)).toThrow(/commit/i);
  });
});
