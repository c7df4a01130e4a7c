/**
 * `decrypt --identity PRIVATE.pem`: an RSA private key that tries every RSA-wrapped data key of a
 * message whatever its namespace and name, as age tries an identity on every stanza. A message
 * written by `-r` names the key by its fingerprint; one written by a config's `raw-rsa` entry names
 * it as the config says (`escrow/escrow-1`); both are the same RSA key, and both open.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { NoKeyDecryptedError, type KeyAttempt, type DecryptionMaterials, type EncryptedDataKey, type Keyring, type KeyringCallOptions } from '@envelope/core';
import { RawRsaKeyring } from '@envelope/keyring-raw-rsa';
import { UsageError } from './exit_codes.js';

/** OAEP paddings tried, the `-r` default first. PKCS#1 v1.5 is not tried: it is a padding oracle. */
const PADDINGS = ['oaep-sha256', 'oaep-sha1', 'oaep-sha384', 'oaep-sha512'] as const;

export class IdentityKeyring implements Keyring {
  readonly #privateKey: KeyObject;
  readonly #modulusBytes: number;

  /** `keyName`: the `-r` name of this key (its fingerprint), tried first. */
  constructor(privateKey: KeyObject, readonly keyName: string, readonly file: string) {
    this.#privateKey = privateKey;
    this.#modulusBytes = Math.ceil((createPublicKey(privateKey).asymmetricKeyDetails?.modulusLength ?? 0) / 8);
  }

  onEncrypt(): never {
    throw new UsageError('--identity decrypts; encrypt with -r PUBLIC.pem');
  }

  /** RSA-wrapped EDKs are as long as the modulus; KMS ones name their provider `aws-kms`. */
  #candidates(edks: readonly EncryptedDataKey[]): EncryptedDataKey[] {
    const rsa = edks.filter((e) => e.ciphertext.length === this.#modulusBytes && !e.providerId.startsWith('aws-kms'));
    const own = (e: EncryptedDataKey): boolean => Buffer.from(e.providerInfo).toString('utf8') === this.keyName;
    return [...rsa.filter(own), ...rsa.filter((e) => !own(e))];
  }

  async onDecrypt(materials: DecryptionMaterials, edks: readonly EncryptedDataKey[], options?: KeyringCallOptions): Promise<DecryptionMaterials> {
    if (materials.plaintextDataKey) return materials;
    const candidates = this.#candidates(edks);
    for (const edk of candidates) {
      const keyName = Buffer.from(edk.providerInfo).toString('utf8');
      for (const padding of PADDINGS) {
        try {
          const keyring = new RawRsaKeyring({ keyNamespace: edk.providerId, keyName, privateKey: this.#privateKey, padding });
          const opened = await keyring.onDecrypt(materials, [edk], options);
          if (opened.plaintextDataKey) return opened;
        } catch {
          // Another padding, or another EDK: a wrong key fails every one the same way.
        }
      }
    }
    if (candidates.length === 0) return materials;
    const reason = `--identity ${this.file} is not the key (or the data key is damaged)`;
    const attempts: KeyAttempt[] = candidates.map((e) => ({ keyring: 'raw-rsa', keyId: `${e.providerId}/${Buffer.from(e.providerInfo).toString('utf8')}`, reason }));
    throw new NoKeyDecryptedError(attempts);
  }
}
