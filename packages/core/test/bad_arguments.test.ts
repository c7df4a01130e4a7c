// Issue 14 items 2 and 3: wrong types and unreadable options fail with a typed EnvelopeError
// before anything is written or released, and encrypt refuses what decrypt would refuse.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import {
  encrypt, decrypt, encryptStream, decryptStream, parseHeader, EnvelopeError, EncryptionContextError, UnsupportedSuiteError,
  ConfigError, KeyringError, InvalidArgumentError, DEFAULT_MAX_FRAME_LENGTH, type Keyring,
} from '@envelope/core';
import { fixedKeyring } from './helpers.js';

const k = fixedKeyring();

async function rejection(p: () => Promise<unknown>): Promise<unknown> {
  try {
    await p();
  } catch (e) {
    return e;
  }
  throw new Error('did not reject');
}

describe('bad arguments get typed errors', () => {
  const cases: [string, () => Promise<unknown>, abstract new (...a: never[]) => EnvelopeError][] = [
    ['decrypt(k, undefined)', () => decrypt(k, undefined as unknown as Uint8Array), InvalidArgumentError],
    ['decrypt(k, "text")', () => decrypt(k, 'abc' as unknown as Uint8Array), InvalidArgumentError],
    ['encrypt(k, 123)', () => encrypt(k, 123 as unknown as string), InvalidArgumentError],
    ['encrypt with keyring {}', () => encrypt({} as Keyring, 'x'), InvalidArgumentError],
    ['encrypt with keyring undefined', () => encrypt(undefined as unknown as Keyring, 'x'), InvalidArgumentError],
    ['decrypt with keyring undefined', () => decrypt(undefined as unknown as Keyring, new Uint8Array(10)), InvalidArgumentError],
    ['a keyring returning undefined', () => encrypt({ onEncrypt: async () => undefined, onDecrypt: async (m) => m } as unknown as Keyring, 'x'), KeyringError],
    ['a keyring returning malformed materials', () => encrypt({ onEncrypt: async (m) => ({ ...m, plaintextDataKey: 'key', encryptedDataKeys: 'x' }), onDecrypt: async (m) => m } as unknown as Keyring, 'x'), KeyringError],
    ['a keyring returning undefined on decrypt', async () => decrypt({ onEncrypt: k.onEncrypt, onDecrypt: async () => undefined } as unknown as Keyring, (await encrypt(k, 'x')).ciphertext), EnvelopeError],
    ['a keyring returning a malformed data key on decrypt', async () => decrypt({ onEncrypt: k.onEncrypt, onDecrypt: async (m) => ({ ...m, plaintextDataKey: 'key' }) } as unknown as Keyring, (await encrypt(k, 'x')).ciphertext), KeyringError],
    ['a keyring throwing a string', () => encrypt({ onEncrypt: async () => { throw 'boom'; }, onDecrypt: async (m) => m }, 'x'), KeyringError],
    ['a keyring throwing a TypeError', () => encrypt({ onEncrypt: async () => { throw new TypeError('boom'); }, onDecrypt: async (m) => m }, 'x'), KeyringError],
    ['encryptionContext: "abc"', () => encrypt(k, 'x', { encryptionContext: 'abc' as unknown as Record<string, string> }), EncryptionContextError],
    ['a Map context', () => encrypt(k, 'x', { encryptionContext: new Map([['a', 'b']]) as unknown as Record<string, string> }), EncryptionContextError],
    ['suiteId "1400"', () => encrypt(k, 'x', { suiteId: '1400' as unknown as number }), UnsupportedSuiteError],
    ['suiteId 0x0578.5', () => encrypt(k, 'x', { suiteId: 0x0578 + 0.5 }), UnsupportedSuiteError],
    ['frameLength over the default decrypt limit', () => encrypt(k, 'x', { frameLength: 2 ** 32 - 1 }), ConfigError],
    ['frameLength "4096"', () => encrypt(k, 'x', { frameLength: '4096' as unknown as number }), ConfigError],
    ['context keys that collide once UTF-8 encoded', () => encrypt(k, 'x', { encryptionContext: { '\ud800': 'a', '\udfff': 'b' } }), EncryptionContextError],
    ['encryptStream with frameLength over the limit', () => pipeline(Readable.from([Buffer.from('x')]), encryptStream(k, { frameLength: DEFAULT_MAX_FRAME_LENGTH + 1 })), ConfigError],
    ['decryptStream with keyring {}', async () => decryptStream({} as Keyring), InvalidArgumentError],
  ];
  it.each(cases)('%s', async (_label, run, Expected) => {
    const e = await rejection(run);
    expect(e).toBeInstanceOf(Expected);
    expect(e).toBeInstanceOf(EnvelopeError);
  });

  it('a keyring throwing a foreign value keeps it as the cause', async () => {
    const e = (await rejection(() => encrypt({ onEncrypt: async () => { throw 'boom'; }, onDecrypt: async (m) => m }, 'x'))) as KeyringError;
    expect(e.cause).toBe('boom');
    const d = (await rejection(async () => decrypt({ onEncrypt: k.onEncrypt, onDecrypt: async () => { throw 42; } }, (await encrypt(k, 'x')).ciphertext))) as KeyringError;
    expect(d).toBeInstanceOf(KeyringError);
    expect(d.cause).toBe(42);
  });

  it('parseHeader of something that is not bytes', () => {
    expect(() => parseHeader(undefined as unknown as Uint8Array)).toThrow(InvalidArgumentError);
    expect(() => parseHeader('abc' as unknown as Uint8Array)).toThrow(InvalidArgumentError);
  });

  it('the largest frame length decrypt accepts by default still encrypts and decrypts', async () => {
    const { ciphertext, header } = await encrypt(k, 'x', { frameLength: DEFAULT_MAX_FRAME_LENGTH });
    expect(header.frameLength).toBe(DEFAULT_MAX_FRAME_LENGTH);
    expect(Buffer.from((await decrypt(k, ciphertext)).plaintext).toString()).toBe('x');
  });
});
