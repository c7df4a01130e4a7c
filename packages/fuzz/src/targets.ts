/**
 * What is fuzzed: every suite of the suites table, framed and non-framed, under a raw AES keyring
 * (fast and local), plus: one message with two EDKs of which the reader holds the second; a
 * threshold (2 of 3 Shamir shares) keyring; decryption through a caching materials manager; and one
 * raw RSA case (the default suite, framed, OAEP-SHA256).
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { CachingMaterialsManager, SUITE_IDS, type CommitmentPolicy, type Keyring, type MaterialsManager } from '@envelope/core';
import { RawAesKeyring } from '@envelope/keyring-raw-aes';
import { RawRsaKeyring } from '@envelope/keyring-raw-rsa';
import { ThresholdKeyring } from '@envelope/keyring-threshold';

/** One row of the report: a suite, a content type and a keyring. */
export interface Target {
  /** E.g. `0x0478 framed` or `0x0578 framed rsa`. */
  readonly label: string;
  readonly suiteId: number;
  readonly framed: boolean;
  /** Encrypts the target's messages. */
  readonly keyring: Keyring;
  /** Decrypts them (the same keyring, one that holds only the second of two EDKs, or a caching manager). */
  readonly decryptKeyring: Keyring | MaterialsManager;
  /** Encrypting policy that allows this suite. */
  readonly encryptPolicy: CommitmentPolicy;
  /** What a reproduction needs to rebuild the decrypting keyring (test keys, generated per run). */
  readonly keyMaterial: KeyMaterial;
}

/** What a reproduction needs to rebuild a decrypting keyring (test keys, generated per run). */
export type KeyMaterial =
  | { readonly type: 'raw-aes'; readonly wrappingKeyHex: string; readonly keyName?: string }
  | { readonly type: 'raw-rsa'; readonly privateKeyPem: string }
  | { readonly type: 'threshold'; readonly threshold: number; readonly custodianKeysHex: readonly string[] };

/** The keyring a reproduction decrypts with (a cached target replays without its cache). */
export function keyringOf(k: KeyMaterial): Keyring {
  if (k.type === 'raw-aes') return aesKeyring(Buffer.from(k.wrappingKeyHex, 'hex'), k.keyName);
  if (k.type === 'raw-rsa') return rsaKeyring(k.privateKeyPem);
  return thresholdKeyring(k.threshold, k.custodianKeysHex.map((h) => Buffer.from(h, 'hex')));
}

/** k of n raw AES custodians. */
export function thresholdKeyring(threshold: number, custodianKeys: readonly Uint8Array[]): Keyring {
  return new ThresholdKeyring({ keyNamespace: 'fuzz-board', keyName: 'board', threshold, custodians: custodianKeys.map((k, i) => aesKeyring(k, `custodian-${i}`)) });
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
  return [...suiteTargets(), twoEdkTarget(), thresholdTarget(), cachedTarget(), rsaTarget()];
}

/** Every suite, framed and not, under a raw AES key. */
function suiteTargets(): Target[] {
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
  return targets;
}

/**
 * Two EDKs, opened by the second key only: a change to the first EDK escapes the keyring and must
 * be caught by the header tag alone.
 */
function twoEdkTarget(): Target {
  const first = aesKeyring(randomBytes(32));
  const secondKey = randomBytes(32);
  const second = aesKeyring(secondKey, 'second');
  return {
    label: '0x0478 framed 2 edks',
    suiteId: 0x0478,
    framed: true,
    keyring: { onEncrypt: async (m) => second.onEncrypt(await first.onEncrypt(m)), onDecrypt: async (m, edks) => second.onDecrypt(m, edks) },
    decryptKeyring: second,
    encryptPolicy: 'require-encrypt-require-decrypt',
    keyMaterial: { type: 'raw-aes', wrappingKeyHex: secondKey.toString('hex'), keyName: 'second' },
  };
}

/**
 * Shamir shares, each wrapped by a raw AES custodian: the share EDKs are parsed before any tag can
 * be checked, so their codec meets every mutation first.
 */
function thresholdTarget(): Target {
  const custodianKeys = [randomBytes(32), randomBytes(16), randomBytes(24)];
  const threshold = thresholdKeyring(2, custodianKeys);
  return {
    label: '0x0578 framed threshold',
    suiteId: 0x0578,
    framed: true,
    keyring: threshold,
    decryptKeyring: threshold,
    encryptPolicy: 'require-encrypt-require-decrypt',
    keyMaterial: { type: 'threshold', threshold: 2, custodianKeysHex: custodianKeys.map((k) => k.toString('hex')) },
  };
}

/**
 * Decryption through a caching manager: a mutated message must not be opened with, nor poison,
 * materials cached for the original.
 */
function cachedTarget(): Target {
  const cachedKey = randomBytes(32);
  const cached = aesKeyring(cachedKey);
  return {
    label: '0x0478 framed cached',
    suiteId: 0x0478,
    framed: true,
    keyring: cached,
    decryptKeyring: new CachingMaterialsManager({ source: cached, maxAgeMs: 3_600_000 }),
    encryptPolicy: 'require-encrypt-require-decrypt',
    keyMaterial: { type: 'raw-aes', wrappingKeyHex: cachedKey.toString('hex') },
  };
}

/** A raw RSA escrow key. */
function rsaTarget(): Target {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const rsa = rsaKeyring(privateKey);
  return {
    label: '0x0578 framed rsa',
    suiteId: 0x0578,
    framed: true,
    keyring: rsa,
    decryptKeyring: rsa,
    encryptPolicy: 'require-encrypt-require-decrypt',
    keyMaterial: { type: 'raw-rsa', privateKeyPem: privateKey },
  };
}
