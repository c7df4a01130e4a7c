// Known-answer tests through Envelope's own message code: published AWS ESDK messages
// (fixtures/esdk-python-1.3.0, source in its README) decrypt with decrypt() and our raw keyrings,
// and parseHeader reads the header fields the manifest describes.
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { decrypt, parseHeader } from '@envelope/core';
import { load, vectorKeyring, vectors } from './helpers/esdk_vectors.js';

describe('published AWS ESDK vectors decrypt with Envelope', () => {
  it.each(vectors.map((v) => [v.file, v] as const))('%s', async (_f, v) => {
    const { ciphertext, plaintext } = load(v);
    const suiteId = Number(v.suiteId);

    const parsed = parseHeader(ciphertext);
    expect(parsed).toBeDefined();
    const { header, headerLength } = parsed!;
    expect(header.version).toBe(1);
    expect(header.suiteId).toBe(suiteId);
    expect(header.contentType).toBe(v.frameLength === 0 ? 'non-framed' : 'framed');
    expect(header.frameLength).toBe(v.frameLength);
    expect(header.messageId).toHaveLength(16);
    // The manifest lists master keys in its own order; the header holds them in the order written.
    expect(header.encryptedDataKeys.map((e) => e.providerId).sort()).toEqual(v.masterKeys.map((m) => m.provider_id).sort());
    expect('aws-crypto-public-key' in header.encryptionContext).toBe(suiteId >= 0x0214);
    expect(headerLength).toBeGreaterThan(20);
    expect(parseHeader(ciphertext.subarray(0, headerLength - 1))).toBeUndefined();

    const out = await decrypt(vectorKeyring(v), ciphertext, { commitmentPolicy: 'require-encrypt-allow-decrypt' });
    expect(Buffer.from(out.plaintext).equals(plaintext)).toBe(true);
    expect(out.decryptedBy?.providerId).toBe('static-aws-xcompat');
  });

  it('refuses them under the default policy (require-encrypt-require-decrypt): they are v1, non-committing', async () => {
    const v = vectors[0]!;
    await expect(decrypt(vectorKeyring(v), load(v).ciphertext)).rejects.toThrow();
  });
});
