// Bugs found while building the fuzzer, kept as failing tests until core fixes them (issue 14, item 2:
// "encrypt must refuse what decrypt would refuse"). Both sit in files engineer `core` owns
// (format/encryption_context.ts, encryptor.ts). When a fix lands, the `it.fails` below starts
// failing: make it a plain `it`.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { EnvelopeError, decrypt, encrypt } from '@envelope/core';
import { aesKeyring } from '../src/targets.js';

/** Encrypt either refuses with a typed error, or what it wrote decrypts to the plaintext. */
async function encryptOnlyWhatDecrypts(options: Parameters<typeof encrypt>[2]): Promise<void> {
  const k = aesKeyring(randomBytes(32));
  let ciphertext: Uint8Array;
  try {
    ({ ciphertext } = await encrypt(k, 'hello', { suiteId: 0x0478, ...options }));
  } catch (e) {
    expect(e).toBeInstanceOf(EnvelopeError);
    return;
  }
  expect(Buffer.from((await decrypt(k, ciphertext)).plaintext).toString()).toBe('hello');
}

describe('known bugs (issue 14 item 2)', () => {
  it.fails('BUG: context keys that collide once UTF-8 encoded (lone surrogates both become U+FFFD) encrypt, then fail as "duplicate key"', async () => {
    await encryptOnlyWhatDecrypts({ encryptionContext: { '\ud800': 'a', '\udfff': 'b' } });
  });

  it.fails('BUG: frameLength 2**32 - 1 encrypts, then the default decrypt refuses it (64 MiB frame limit)', async () => {
    await encryptOnlyWhatDecrypts({ frameLength: 2 ** 32 - 1 });
  });

  it('a lone surrogate alone is written as U+FFFD and reads back as such (not a bug: documents the behaviour the fix keeps)', async () => {
    const k = aesKeyring(randomBytes(32));
    const { ciphertext } = await encrypt(k, 'x', { suiteId: 0x0478, encryptionContext: { a: '\ud800' } });
    expect((await decrypt(k, ciphertext)).header.encryptionContext['a']).toBe('\ufffd');
  });
});
