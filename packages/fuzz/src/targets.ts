/**
 * What is fuzzed: every suite of the suites table, framed and non-framed, under a raw AES keyring
 * (fast and local), plus one raw RSA case (the default suite, framed, OAEP-SHA256) and one message
 * with two EDKs of which the reader holds the second.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { SUITE_IDS, type CommitmentPolicy, type Keyring } from '@envelope/core';
import { RawAesKeyring } from '@envelope/keyring-raw-aes';
import { RawRsaKeyring } from '@envelope/keyring-raw-rsa';

/** One row of the report: a suite, a content type and a keyring. */
export interface Target {
  /** E.g. `0x0478 framed` or `0x0578 framed rsa`. */
  readonly label: string;
  readonly suiteId: number;
  readonly framed: boolean;
  /** Encrypts the target's messages. */
  readonly keyring: Keyring;
  /** Decrypts them (the same keyring, or one that holds only the second of two EDKs). */
  readonly decryptKeyring: Keyring;
  /** Encrypting policy that allows this suite. */
  readonly encryptPolicy: CommitmentPolicy;
  /** What a reproduction needs to rebuild the decrypting keyring (test keys, generated per run). */
  readonly keyMaterial: { readonly type: 'raw-aes'; readonly wrappingKeyHex: string; readonly keyName?: string } | { readonly type: 'raw-rsa'; readonly privateKeyPem: string };
}

/** Reads every suite: v1 messages need a policy that allows non-committing suites. */
export const READ_POLICY: CommitmentPolicy = 'require-encrypt-allow-decrypt';

export const hex = (suiteId: number): string => `0x${suiteId.toString(16).padStart(4, '0')}`;

/** The raw AES keyring of a reproduction or a target. */
export function aesKeyring(wrappingKey: Uint8Array, keyName = `aes-${wrappingKey.length * 8}`): Keyring {
  return new RawAesKeyring({ keyNamespace: 'fuzz', keyName, wrappingKey });
}

/** The raw RSA keyring of a reproduction or a target. */
export function rsaKeyring(privateKeyPem: string): Keyring {
  return new RawRsaKeyring({ keyNamespace: 'fuzz', keyName: 'rsa-escrow', privateKey: privateKeyPem, padding: 'oaep-sha256' });
}

/** All targets, keys generated now (wrapping key sizes rotate over 16, 24 and 32 bytes). */
export function makeTargets(): Target[] {
  const targets: Target[] = [];
  SUITE_IDS.forEach((suiteId, i) => {
    const encryptPolicy: CommitmentPolicy = suiteId >= 0x0478 ? 'require-encrypt-require-decrypt' : 'forbid-encrypt-allow-decrypt';
    for (const framed of [true, false]) {
      const key = randomBytes([16, 24, 32][(i + (framed ? 0 : 1)) % 3]!);
      const keyring = aesKeyring(key);
      targets.push({
        label: `${hex(suiteId)} ${framed ? 'framed' : 'non-framed'}`,
        suiteId,
        framed,
        keyring,
        decryptKeyring: keyring,
        encryptPolicy,
        keyMaterial: { type: 'raw-aes', wrappingKeyHex: key.toString('hex') },
      });
    }
  });
  // Two EDKs, opened by the second key only: a change to the first EDK escapes the keyring and must
  // be caught by the header tag alone.
  const first = aesKeyring(randomBytes(32));
  const secondKey = randomBytes(32);
  const second = aesKeyring(secondKey, 'second');
  targets.push({
    label: '0x0478 framed 2 edks',
    suiteId: 0x0478,
    framed: true,
    keyring: { onEncrypt: async (m) => second.onEncrypt(await first.onEncrypt(m)), onDecrypt: async (m, edks) => second.onDecrypt(m, edks) },
    decryptKeyring: second,
    encryptPolicy: 'require-encrypt-require-decrypt',
    keyMaterial: { type: 'raw-aes', wrappingKeyHex: secondKey.toString('hex'), keyName: 'second' },
  });
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const rsa = rsaKeyring(privateKey);
  targets.push({
    label: '0x0578 framed rsa',
    suiteId: 0x0578,
    framed: true,
    keyring: rsa,
    decryptKeyring: rsa,
    encryptPolicy: 'require-encrypt-require-decrypt',
    keyMaterial: { type: 'raw-rsa', privateKeyPem: privateKey },
  });
  return targets;
}
