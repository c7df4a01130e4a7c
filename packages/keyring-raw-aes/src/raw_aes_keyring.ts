import {
  ConfigError,
  KeyringError,
  RawKeyring,
  cryptoBackend,
  serializeEncryptionContext,
  type AesKey,
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
 * (the serialized encryption context), so either side opens what the other wrapped. The cipher is
 * core's crypto backend: node:crypto in Node, WebCrypto in browsers.
 */
export class RawAesKeyring extends RawKeyring {
  readonly #key: AesKey | Promise<AesKey>;
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
    this.#key = cryptoBackend.importAesKey(wrappingKey);
    if (this.#key instanceof Promise) this.#key.catch(() => {}); // surfaces on use
    this.#nameBytes = new TextEncoder().encode(this.keyName);
  }

  protected async wrap(dataKey: Uint8Array, materials: EncryptionMaterials): Promise<EncryptedDataKey> {
    const iv = cryptoBackend.randomBytes(WRAP_IV_LENGTH);
    // The wrapping AAD is the header's context serialization (spec: raw-aes-keyring.md).
    const aad = serializeEncryptionContext(materials.encryptionContext);
    const sealed = await cryptoBackend.seal(await this.#key, iv, aad, dataKey, WRAP_TAG_LENGTH);
    const ciphertext = new Uint8Array(sealed.ciphertext.length + WRAP_TAG_LENGTH);
    ciphertext.set(sealed.ciphertext, 0);
    ciphertext.set(sealed.tag, sealed.ciphertext.length);
    return { providerId: this.keyNamespace, providerInfo: writeProviderInfo(this.#nameBytes, iv), ciphertext };
  }

  protected ownsProviderInfo(providerInfo: Uint8Array): boolean {
    return providerInfoNames(providerInfo, this.#nameBytes);
  }

  protected async unwrap(edk: EncryptedDataKey, materials: DecryptionMaterials): Promise<Uint8Array> {
    const iv = readProviderInfoIv(edk.providerInfo, this.#nameBytes);
    const keyLength = materials.suite.keyLength;
    if (iv === undefined || edk.ciphertext.length !== keyLength + WRAP_TAG_LENGTH) {
      throw new KeyringError(`raw-aes keyring: malformed encrypted data key for ${this.keyId}`);
    }
    const aad = serializeEncryptionContext(materials.encryptionContext);
    try {
      return await cryptoBackend.open(await this.#key, iv, aad, edk.ciphertext.subarray(0, keyLength), edk.ciphertext.subarray(keyLength));
    } catch (cause) {
      throw new KeyringError(`raw-aes keyring: ${this.keyId} could not unwrap the data key (wrong key or encryption context)`, [], { cause });
    }
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
