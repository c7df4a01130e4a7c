import { Buffer } from 'node:buffer';
import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import {
  ConfigError,
  KeyringError,
  RawKeyring,
  serializeEncryptionContext,
  type DecryptionMaterials,
  type EncryptedDataKey,
  type EncryptionMaterials,
} from '@envelope/core';
import { providerInfoNames, readProviderInfoIv, WRAP_IV_LENGTH, WRAP_TAG_LENGTH, writeProviderInfo } from './internal/provider_info.js';

/** Options of {@link RawAesKeyring}. */
export interface RawAesKeyringOptions {
  /** Provider id written in the EDK; pick one per application or team (not `aws-kms…`). */
  readonly keyNamespace: string;
  /** Name of this key inside the namespace; a rotated key gets a new name. */
  readonly keyName: string;
  /** The AES wrapping key: 16, 24 or 32 bytes. It is copied; wipe your copy when done. */
  readonly wrappingKey: Uint8Array;
}

const KEYRING = 'raw-aes';

/**
 * Wraps data keys with AES-GCM under a key you hold, byte-compatible with the AWS ESDK's raw AES
 * keyring: same provider id (namespace), provider info (name, tag bits, IV length, IV) and AAD
 * (the serialized encryption context), so either side opens what the other wrapped.
 */
export class RawAesKeyring extends RawKeyring {
  readonly #key: KeyObject;
  readonly #cipher: 'aes-128-gcm' | 'aes-192-gcm' | 'aes-256-gcm';
  readonly #nameBytes: Uint8Array;

  constructor(options: RawAesKeyringOptions) {
    if (typeof options !== 'object' || options === null) throw new ConfigError('raw-aes keyring: options { keyNamespace, keyName, wrappingKey } are required');
    super(KEYRING, options.keyNamespace, options.keyName);
    const wrappingKey = options.wrappingKey;
    if (!(wrappingKey instanceof Uint8Array)) throw new ConfigError('raw-aes keyring: wrappingKey must be a Uint8Array');
    const bits = wrappingKey.length * 8;
    if (bits !== 128 && bits !== 192 && bits !== 256) {
      throw new ConfigError(`raw-aes keyring: wrappingKey must be 16, 24 or 32 bytes, got ${wrappingKey.length}`);
    }
    this.#key = createSecretKey(wrappingKey);
    this.#cipher = `aes-${bits}-gcm` as const;
    this.#nameBytes = Buffer.from(this.keyName, 'utf8');
  }

  protected wrap(dataKey: Uint8Array, materials: EncryptionMaterials): EncryptedDataKey {
    const iv = randomBytes(WRAP_IV_LENGTH);
    const cipher = createCipheriv(this.#cipher, this.#key, iv, { authTagLength: WRAP_TAG_LENGTH });
    // The wrapping AAD is the header's context serialization (spec: raw-aes-keyring.md).
    cipher.setAAD(serializeEncryptionContext(materials.encryptionContext));
    const ciphertext = Buffer.concat([cipher.update(dataKey), cipher.final(), cipher.getAuthTag()]);
    return { providerId: this.keyNamespace, providerInfo: writeProviderInfo(this.#nameBytes, iv), ciphertext };
  }

  protected ownsProviderInfo(providerInfo: Uint8Array): boolean {
    return providerInfoNames(providerInfo, this.#nameBytes);
  }

  protected unwrap(edk: EncryptedDataKey, materials: DecryptionMaterials): Uint8Array {
    const iv = readProviderInfoIv(edk.providerInfo, this.#nameBytes);
    const keyLength = materials.suite.keyLength;
    if (iv === undefined || edk.ciphertext.length !== keyLength + WRAP_TAG_LENGTH) {
      throw new KeyringError(`raw-aes keyring: malformed encrypted data key for ${this.keyId}`);
    }
    const ct = Buffer.from(edk.ciphertext.buffer, edk.ciphertext.byteOffset, edk.ciphertext.byteLength);
    const decipher = createDecipheriv(this.#cipher, this.#key, iv, { authTagLength: WRAP_TAG_LENGTH });
    decipher.setAAD(serializeEncryptionContext(materials.encryptionContext));
    decipher.setAuthTag(ct.subarray(keyLength));
    const head = decipher.update(ct.subarray(0, keyLength));
    let tail: Buffer;
    try {
      tail = decipher.final();
    } catch (cause) {
      head.fill(0);
      throw new KeyringError(`raw-aes keyring: ${this.keyId} could not unwrap the data key (wrong key or encryption context)`, [], { cause });
    }
    const key = Buffer.concat([head, tail]);
    head.fill(0);
    return key;
  }

  /** Shows which key this is, never the key itself. */
  toJSON(): {
    /** `raw-aes` */
    keyring: string;
    /** Key namespace. */
    keyNamespace: string;
    /** Key name. */
    keyName: string;
  } {
    return { keyring: KEYRING, keyNamespace: this.keyNamespace, keyName: this.keyName };
  }
}
