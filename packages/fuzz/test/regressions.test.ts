// Bugs found while building the fuzzer (issue 14, items 1 and 2), fixed by core since; kept as
// regression tests. A bug the fuzzer finds goes here first as an `it.fails` naming it, until fixed.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { EnvelopeError, decrypt, encrypt } from '@envelope/core';
import { aesKeyring } from '../src/targets.js';
import { chunk, chunkSizes, judgeStream } from '../src/oracle.js';

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

describe('regressions found by the fuzzer (issue 14 items 1 and 2)', () => {
  it('fixed (was a bug): context keys that collide once UTF-8 encoded (lone surrogates both become U+FFFD) encrypt, then fail as "duplicate key"', async () => {
    await encryptOnlyWhatDecrypts({ encryptionContext: { '\ud800': 'a', '\udfff': 'b' } });
  });

  it('fixed (was a bug): frameLength 2**32 - 1 encrypts, then the default decrypt refuses it (64 MiB frame limit)', async () => {
    await encryptOnlyWhatDecrypts({ frameLength: 2 ** 32 - 1 });
  });

  it('a lone surrogate alone is written as U+FFFD and reads back as such (not a bug: documents the behaviour the fix keeps)', async () => {
    const k = aesKeyring(randomBytes(32));
    const { ciphertext } = await encrypt(k, 'x', { suiteId: 0x0478, encryptionContext: { a: '\ud800' } });
    expect((await decrypt(k, ciphertext)).header.encryptionContext['a']).toBe('\ufffd');
  });

  it('fixed (item 1, every frame size): decryptStream fed by a producer that reuses its buffer after each write callback decrypts a valid message', async () => {
    const keyring = aesKeyring(randomBytes(32));
    const plaintext = randomBytes(5000);
    const message = Buffer.from((await encrypt(keyring, plaintext, { suiteId: 0x0478, frameLength: 100 })).ciphertext);
    const chunks = chunk(message, chunkSizes(message.length, 'medium', () => 250));
    const e = { keyring, plaintext, releasable: plaintext.length, mustSucceed: true, options: {}, timeoutMs: 10_000 };
    expect(await judgeStream(chunks, e)).toEqual({ outcome: 'ok' }); // the same chunks, not reused: fine
    expect(await judgeStream(chunks, e, true)).toEqual({ outcome: 'ok' });
  });
});
