import { describe, expect, it } from 'vitest';
import { encrypt, decrypt, parseHeader, SUITE_IDS, MalformedMessageError, LimitExceededError, UnsupportedSuiteError, type MessageHeader } from '@envelope/core';
import { fixedKeyring, policyFor } from '../helpers.js';

describe('header codec', () => {
  const plain = (h: MessageHeader) => ({
    ...h,
    messageId: Buffer.from(h.messageId).toString('hex'),
    encryptedDataKeys: h.encryptedDataKeys.map((e) => ({ providerId: e.providerId, providerInfo: Buffer.from(e.providerInfo).toString('hex'), ciphertext: Buffer.from(e.ciphertext).toString('hex') })),
  });
  it.each(SUITE_IDS.map((id) => [`0x${id.toString(16).padStart(4, '0')}`, id]))('suite %s: parse(write(h)) gives back what was written, and every prefix is "need more"', async (_label, suiteId) => {
    const { ciphertext, header } = await encrypt(fixedKeyring(), 'x', { suiteId, commitmentPolicy: policyFor(suiteId), encryptionContext: { k: 'v' } });
    const parsed = parseHeader(ciphertext)!;
    expect(plain(parsed.header)).toEqual(plain(header));
    expect(parsed.header.version).toBe(suiteId >= 0x0478 ? 2 : 1);
    for (let n = 0; n < parsed.headerLength; n++) expect(parseHeader(ciphertext.subarray(0, n))).toBeUndefined();
  });

  it('declared sizes are checked before anything is allocated', async () => {
    const { ciphertext } = await encrypt(fixedKeyring(), 'x', { suiteId: 0x0478, frameLength: 4096 });
    const h = parseHeader(ciphertext)!;
    // Frame length lives 4 + 32 bytes before the end of a v2 header (before suite data and tag).
    const huge = Buffer.from(ciphertext);
    huge.writeUInt32BE(0xffffffff, h.headerLength - 16 - 32 - 4);
    await expect(decrypt(fixedKeyring(), huge)).rejects.toBeInstanceOf(MalformedMessageError);
    await expect(decrypt(fixedKeyring(), ciphertext, { maxEncryptedDataKeys: 0 })).rejects.toBeInstanceOf(LimitExceededError);
    const unknown = Buffer.from(ciphertext);
    unknown.writeUInt16BE(0x0999, 1);
    await expect(decrypt(fixedKeyring(), unknown)).rejects.toBeInstanceOf(UnsupportedSuiteError);
    const version = Buffer.from(ciphertext);
    version[0] = 3;
    await expect(decrypt(fixedKeyring(), version)).rejects.toBeInstanceOf(MalformedMessageError);
  });

  it('a header declaring more bytes than the header limit fails without waiting for them', async () => {
    const { ciphertext } = await encrypt(fixedKeyring(), 'x', { suiteId: 0x0478 });
    await expect(decrypt(fixedKeyring(), ciphertext, { maxHeaderSize: 40 })).rejects.toBeInstanceOf(MalformedMessageError);
  });
});
