// Message-level interop matrix (issue 3 item 6): Envelope's encrypt/decrypt against
// @aws-crypto/client-node, raw AES keyring on each side with the same key, namespace and name.
// Every suite (v1 suites under the forbid-encrypt policy on both sides, as they need), frame lengths
// 1, 4096 and 1 MiB plus non-framed (Envelope → ESDK only: the ESDK for JS never writes non-framed),
// plaintext sizes 0, 1, frame−1, frame, frame+1 and ~1 MiB, with and without encryption context.
// Frame length 1 with a ~1 MiB plaintext would be a million frames per message, so for frame length
// 1 the "large" size is capped at 4 KiB (still thousands of frames); the other sizes are as listed.
import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decrypt, encrypt, SUITE_IDS } from '@envelope/core';
import { RawAesKeyring } from '@envelope/keyring-raw-aes';
import { esdkFor, esdkRawAes } from './helpers/esdk.js';

const MiB = 1024 * 1024;
const key = randomBytes(32);
const ours = new RawAesKeyring({ keyNamespace: 'interop', keyName: 'matrix-key', wrappingKey: key });
const theirs = esdkRawAes('interop', 'matrix-key', key);
const pool = randomBytes(MiB + 4096);

function sizesFor(frameLength: number): number[] {
  const large = frameLength === 1 ? 4096 : MiB + 3;
  const s = frameLength === 0 ? [0, 1, large] : [0, 1, frameLength - 1, frameLength, frameLength + 1, large];
  return [...new Set(s)];
}

const contexts = { 'no EC': {}, EC: { tenant: 'acme', purpose: 'interop-matrix', 'ключ': 'значение' } } as const;
const cases = SUITE_IDS.flatMap((suiteId) =>
  [1, 4096, MiB, 0].flatMap((frameLength) =>
    sizesFor(frameLength).flatMap((size) =>
      (Object.keys(contexts) as (keyof typeof contexts)[]).map((ec) => ({
        name: `0x${suiteId.toString(16).padStart(4, '0')} frame ${frameLength || 'non-framed'} size ${size} ${ec}`,
        suiteId,
        frameLength,
        size,
        ec,
      })),
    ),
  ),
);

describe('raw AES messages: Envelope ↔ @aws-crypto/client-node', () => {
  it.each(cases)('$name', async ({ suiteId, frameLength, size, ec }) => {
    const { client, ours: commitmentPolicy } = esdkFor(suiteId);
    const encryptionContext = contexts[ec];
    const plaintext = pool.subarray(0, size);

    // Envelope → ESDK
    const mine = await encrypt(ours, plaintext, { suiteId, frameLength, encryptionContext, commitmentPolicy });
    const opened = await client.decrypt(theirs, mine.ciphertext);
    expect(Buffer.from(opened.plaintext).equals(plaintext)).toBe(true);
    expect(opened.messageHeader.suiteId).toBe(suiteId);
    expect(opened.messageHeader.frameLength).toBe(frameLength);
    for (const [k, v] of Object.entries(encryptionContext)) expect(opened.messageHeader.encryptionContext[k]).toBe(v);

    // ESDK → Envelope (framed only)
    if (frameLength === 0) return;
    const theirsMsg = await client.encrypt(theirs, plaintext, { suiteId, frameLength, encryptionContext });
    const back = await decrypt(ours, theirsMsg.result, { commitmentPolicy, encryptionContext });
    expect(Buffer.from(back.plaintext).equals(plaintext)).toBe(true);
    expect(back.header.suiteId).toBe(suiteId);
    expect(back.header.frameLength).toBe(frameLength);
    expect(back.decryptedBy).toEqual({ providerId: 'interop', keyId: 'interop/matrix-key' });
  });
});
