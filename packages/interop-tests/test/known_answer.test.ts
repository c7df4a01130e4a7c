// Known-answer tests: published AWS ESDK messages (fixtures/esdk-python-1.3.0, see its README for
// the source) open with our raw keyrings. Each vector lists the raw keys that wrapped it.
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { esdkForbid } from './helpers/esdk.js';
import { OurKeyringInEsdk } from './helpers/esdk_adapter.js';
import { load, vectorKeyring, vectors } from './helpers/esdk_vectors.js';

describe('published AWS ESDK vectors open with our raw keyrings (inside the ESDK message code)', () => {
  it.each(vectors.map((v) => [v.file, v] as const))('%s', async (_f, v) => {
    const { ciphertext, plaintext } = load(v);
    const { plaintext: out, messageHeader } = await esdkForbid.decrypt(new OurKeyringInEsdk(vectorKeyring(v)), ciphertext);
    expect(messageHeader.suiteId).toBe(Number(v.suiteId));
    expect(Buffer.from(out).equals(plaintext)).toBe(true);
  });
});
