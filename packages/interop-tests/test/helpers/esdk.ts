// The AWS ESDK clients the interop tests use, one per commitment policy.
import { constants, generateKeyPairSync, privateDecrypt, publicEncrypt } from 'node:crypto';
import { buildClient, CommitmentPolicy, RawAesKeyringNode, RawAesWrappingSuiteIdentifier, RawRsaKeyringNode } from '@aws-crypto/client-node';

/** Committing suites need REQUIRE_*; the v1 suites can only be written under FORBID_ENCRYPT_ALLOW_DECRYPT. */
export const esdkForbid = buildClient(CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT);
export const esdkRequire = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);

/** The ESDK client able to write `suiteId`, and the matching policy name on our side. */
export function esdkFor(suiteId: number) {
  return suiteId >= 0x0478
    ? { client: esdkRequire, ours: 'require-encrypt-require-decrypt' as const }
    : { client: esdkForbid, ours: 'forbid-encrypt-allow-decrypt' as const };
}

const WRAPPING = {
  16: RawAesWrappingSuiteIdentifier.AES128_GCM_IV12_TAG16_NO_PADDING,
  24: RawAesWrappingSuiteIdentifier.AES192_GCM_IV12_TAG16_NO_PADDING,
  32: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
} as const;

/** The ESDK's raw AES keyring for the same key, namespace and name as ours. utf8Sorting: spec order (UTF-8 bytes). */
export function esdkRawAes(keyNamespace: string, keyName: string, key: Uint8Array): RawAesKeyringNode {
  const wrappingSuite = WRAPPING[key.length as 16 | 24 | 32];
  return new RawAesKeyringNode({ keyNamespace, keyName, unencryptedMasterKey: new Uint8Array(key), wrappingSuite, utf8Sorting: true });
}

/** The ESDK's raw RSA keyring for one of our padding names. */
export function esdkRawRsa(
  keyNamespace: string,
  keyName: string,
  padding: 'oaep-sha1' | 'oaep-sha256' | 'oaep-sha384' | 'oaep-sha512' | 'pkcs1',
  rsaKey: { publicKey?: string; privateKey?: string },
): RawRsaKeyringNode {
  if (padding === 'pkcs1') return new RawRsaKeyringNode({ keyNamespace, keyName, rsaKey, padding: constants.RSA_PKCS1_PADDING });
  const oaepHash = padding.slice('oaep-'.length) as 'sha1' | 'sha256' | 'sha384' | 'sha512';
  return new RawRsaKeyringNode({ keyNamespace, keyName, rsaKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash });
}

/**
 * Whether this runtime's node:crypto decrypts PKCS#1 v1.5 (it does only where its OpenSSL has
 * implicit rejection; the ESDK for JS decrypts pkcs1 through node:crypto, so it follows). Probed by
 * behaviour, not by the Node version.
 */
export const nodeDecryptsPkcs1: boolean = (() => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const data = Buffer.alloc(32, 5);
  try {
    return privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, data)).equals(data);
  } catch {
    return false;
  }
})();
