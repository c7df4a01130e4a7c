// Issue 14 item 6: legacy PKCS#1 v1.5 decryption must not be a padding oracle. With
// allowPkcs1Decrypt, a random EDK (invalid padding) and a valid encryption of a wrong data key
// must fail with the same error, on runtimes with and without node:crypto's implicit rejection.
import { Buffer } from 'node:buffer';
import { constants, publicEncrypt, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decrypt, encrypt, EnvelopeError, type EncryptionMaterials, type Keyring } from '@envelope/core';
import { RawRsaKeyring } from '@envelope/keyring-raw-rsa';
import { spawnSync } from 'node:child_process';
import { nodeHasImplicitRejection, pkcs1Unwrapper } from '../../src/internal/pkcs1_unwrap.js';
import { depadPkcs1 } from '../../src/internal/pkcs1_depad.js';
import { rsaPair } from '../fixtures.js';

const { publicKey, privateKey } = rsaPair();
const other = rsaPair();
const NAME = 'escrow-legacy';
const pkcs1 = (data: Uint8Array): Buffer => publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, data);

/** A writer that puts `ciphertext` in the escrow EDK slot, whatever data key the message uses. */
function forgedEdkWriter(ciphertext: Uint8Array): Keyring {
  return {
    async onEncrypt(m: EncryptionMaterials) {
      const plaintextDataKey = m.plaintextDataKey ?? randomBytes(m.suite.keyLength);
      return { ...m, plaintextDataKey, encryptedDataKeys: [...m.encryptedDataKeys, { providerId: 'escrow', providerInfo: Buffer.from(NAME), ciphertext }] };
    },
    async onDecrypt(m) {
      return m;
    },
  };
}

const reader = new RawRsaKeyring({ keyNamespace: 'escrow', keyName: NAME, privateKey, padding: 'pkcs1', allowPkcs1Decrypt: true });

async function errorCode(edkCiphertext: Uint8Array, suiteId: number): Promise<string> {
  const legacy = suiteId < 0x0400;
  const { ciphertext } = await encrypt(forgedEdkWriter(edkCiphertext), 'escrowed', { suiteId, ...(legacy ? { commitmentPolicy: 'forbid-encrypt-allow-decrypt' as const } : {}) });
  const err = await decrypt(reader, ciphertext, legacy ? { commitmentPolicy: 'require-encrypt-allow-decrypt' } : {}).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EnvelopeError);
  return (err as EnvelopeError).code;
}

describe('PKCS#1 v1.5 decryption without a padding oracle', () => {
  it.each([['0x0478', 0x0478], ['0x0578', 0x0578], ['0x0178', 0x0178], ['0x0014', 0x0014]] as const)('suite %s: random EDKs and valid encryptions of wrong keys give one error code', async (_name, suiteId) => {
    const cases: [string, Uint8Array][] = [
      ['random, modulus length', randomBytes(256)],
      ['random, modulus length (2)', randomBytes(256)],
      ['random, modulus length (3)', randomBytes(256)],
      ['random, short', randomBytes(100)],
      ['empty', new Uint8Array(0)],
      ['valid pkcs1, wrong 32-byte key', pkcs1(randomBytes(32))],
      ['valid pkcs1, wrong 16-byte key', pkcs1(randomBytes(16))],
      ['valid pkcs1, 0 bytes', pkcs1(new Uint8Array(0))],
      ['oaep under the right key', publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, randomBytes(32))],
      ['pkcs1 under another key', publicEncrypt({ key: other.publicKey, padding: constants.RSA_PKCS1_PADDING }, randomBytes(32))],
    ];
    const codes = new Map<string, string>();
    for (const [label, ct] of cases) codes.set(label, await errorCode(ct, suiteId));
    expect(new Set(codes.values()).size, JSON.stringify(Object.fromEntries(codes))).toBe(1);
  });

  it('a valid EDK still opens the message', async () => {
    const writer = new RawRsaKeyring({ keyNamespace: 'escrow', keyName: NAME, publicKey, padding: 'pkcs1' });
    const { ciphertext } = await encrypt(writer, 'escrowed');
    expect(Buffer.from((await decrypt(reader, ciphertext)).plaintext).toString()).toBe('escrowed');
  });

  it.each([['node:crypto where it has implicit rejection (else the same as below)', undefined], ['RSA_NO_PADDING + the constant-time depad', false]] as const)('the unwrapper (%s) always answers keyLength bytes, the same for the same ciphertext', (_n, nodePadding) => {
    const unwrap = pkcs1Unwrapper(privateKey, nodePadding ?? nodeHasImplicitRejection(privateKey));
    expect(typeof nodeHasImplicitRejection(privateKey)).toBe('boolean');
    const key = randomBytes(24);
    expect(unwrap(pkcs1(key), 24).equals(key)).toBe(true);
    const junk = randomBytes(256);
    const a = unwrap(junk, 32);
    expect(a).toHaveLength(32);
    expect(unwrap(junk, 32).equals(a)).toBe(true);
    expect(unwrap(randomBytes(256), 32).equals(a)).toBe(false);
    expect(unwrap(pkcs1(key), 32)).toHaveLength(32); // right padding, wrong length: synthetic
    expect(unwrap(pkcs1(key), 32).equals(Buffer.concat([key, Buffer.alloc(8)]))).toBe(false);
  });
});

describe('the constant-time depad (RSA_NO_PADDING path)', () => {
  const synthetic = Buffer.alloc(64, 0xa5);
  /** EM of modulus length 256 with `ps` padding bytes and message `m`, then `edit` applied. */
  const em = (m: Uint8Array, ps = 256 - 3 - m.length, edit: (b: Buffer) => void = () => {}): Buffer => {
    const b = Buffer.concat([Buffer.from([0, 2]), Buffer.alloc(ps, 0x11), Buffer.from([0]), m]);
    const full = Buffer.concat([Buffer.alloc(256 - b.length), b]);
    edit(full);
    return full;
  };
  const key = randomBytes(32);
  const valid = em(key);
  it('a valid block gives its message; every malformed one gives the synthetic key, of the same length', () => {
    expect(depadPkcs1(valid, 32, synthetic).equals(key)).toBe(true);
    const bad: [string, Buffer, number][] = [
      ['first byte not 0', em(key, undefined, (b) => (b[0] = 1)), 32],
      ['second byte not 2', em(key, undefined, (b) => (b[1] = 1)), 32],
      ['no separator', em(key, undefined, (b) => b.fill(0x11, 2, 256 - 32)).fill(0x22, 256 - 33, 256 - 32), 32],
      ['message of another length', valid, 24],
      ['message of another length (longer)', valid, 40],
    ];
    for (const [label, block, n] of bad) {
      const out = depadPkcs1(block, n, synthetic);
      expect(out, label).toHaveLength(n);
      expect(out.equals(synthetic.subarray(0, n)), label).toBe(true);
    }
    // PS of 7 bytes is refused, of 8 accepted (the separator at index 9, then 10).
    const short = Buffer.concat([Buffer.from([0, 2]), Buffer.alloc(7, 0x11), Buffer.from([0]), key]);
    expect(depadPkcs1(short, 32, synthetic).equals(synthetic.subarray(0, 32))).toBe(true);
    const eight = Buffer.concat([Buffer.from([0, 2]), Buffer.alloc(8, 0x11), Buffer.from([0]), key]);
    expect(depadPkcs1(eight, 32, synthetic).equals(key)).toBe(true);
  });

  it('agrees with OpenSSL on real blocks: RSA_NO_PADDING then the depad opens what publicEncrypt wrote, and nothing else', () => {
    const unwrap = pkcs1Unwrapper(privateKey, false);
    for (const n of [16, 24, 32]) {
      const k = randomBytes(n);
      expect(unwrap(pkcs1(k), n).equals(k)).toBe(true);
    }
    const oaep = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, key);
    expect(unwrap(oaep, 32).equals(key)).toBe(false);
    expect(unwrap(oaep, 32)).toHaveLength(32);
  });

  it('decrypting a pkcs1 message loads no node-forge (a fresh process; forge depadded with early exits and exceptions)', () => {
    const dist = new URL('../../dist/index.js', import.meta.url).href;
    const code = `
      import { createRequire } from 'node:module';
      import { constants, generateKeyPairSync, publicEncrypt } from 'node:crypto';
      import { encrypt, decrypt } from '@envelope/core';
      const { RawRsaKeyring } = await import(${JSON.stringify(dist)});
      const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const w = new RawRsaKeyring({ keyNamespace: 'e', keyName: 'k', publicKey, padding: 'pkcs1' });
      const r = new RawRsaKeyring({ keyNamespace: 'e', keyName: 'k', privateKey, padding: 'pkcs1', allowPkcs1Decrypt: true });
      const { ciphertext } = await encrypt(w, 'legacy');
      const out = Buffer.from((await decrypt(r, ciphertext)).plaintext).toString();
      const loaded = Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('node-forge'));
      console.log(JSON.stringify({ out, loaded }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: new URL('../..', import.meta.url), encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ out: 'legacy', loaded: false });
  });
});
