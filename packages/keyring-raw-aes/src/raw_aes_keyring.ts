import { Buffer } from 'node:buffer';
import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import {
  ConfigError,
  KeyringError,
  tryCandidates,
  type DecryptCandidate,
  type DecryptionMaterials,
  type EncryptedDataKey,
  type EncryptionMaterials,
  type PlannableKeyring,
} from '@envelope/core';
import { serializeContextForAad } from './internal/encryption_context.js';
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
export class RawAesKeyring implements PlannableKeyring {
  /** Key namespace (EDK provider id), as in the options. */
  readonly keyNamespace: string;
  /** Key name (provider info), as in the options. */
  readonly keyName: string;
  readonly #key: KeyObject;
  readonly #cipher: 'aes-128-gcm' | 'aes-192-gcm' | 'aes-256-gcm';
  readonly #nameBytes: Uint8Array;

  constructor(options: RawAesKeyringOptions) {
    if (typeof options !== 'object' || options === null) throw new ConfigError('raw-aes keyring: options { keyNamespace, keyName, wrappingKey } are required');
    const { keyNamespace, keyName, wrappingKey } = options;
    if (typeof keyNamespace !== 'string' || keyNamespace.length === 0) throw new ConfigError('raw-aes keyring: keyNamespace must be a non-empty string');
    if (keyNamespace.startsWith('aws-kms')) throw new ConfigError('raw-aes keyring: keyNamespace must not start with "aws-kms" (reserved for KMS)');
    if (typeof keyName !== 'string' || keyName.length === 0) throw new ConfigError('raw-aes keyring: keyName must be a non-empty string');
    if (!(wrappingKey instanceof Uint8Array)) throw new ConfigError('raw-aes keyring: wrappingKey must be a Uint8Array');
    const bits = wrappingKey.length * 8;
    if (bits !== 128 && bits !== 192 && bits !== 256) {
      throw new ConfigError(`raw-aes keyring: wrappingKey must be 16, 24 or 32 bytes, got ${wrappingKey.length}`);
    }
    this.keyNamespace = keyNamespace;
    this.keyName = keyName;
    this.#key = createSecretKey(wrappingKey);
    this.#cipher = `aes-${bits}-gcm` as const;
    this.#nameBytes = Buffer.from(keyName, 'utf8');
  }

  /** `namespace/name`, as reported in `decryptedBy` and attempts. */
  get keyId(): string {
    return `${this.keyNamespace}/${this.keyName}`;
  }

  /** Generates the data key if absent (suite key length) and appends this key's EDK. */
  async onEncrypt(materials: EncryptionMaterials): Promise<EncryptionMaterials> {
    const generated = materials.plaintextDataKey === undefined;
    const dataKey = materials.plaintextDataKey ?? randomBytes(materials.suite.keyLength);
    if (dataKey.length !== materials.suite.keyLength) {
      throw new KeyringError(`raw-aes keyring: data key is ${dataKey.length} bytes, suite 0x${materials.suite.id.toString(16).padStart(4, '0')} needs ${materials.suite.keyLength}`);
    }
    try {
      const iv = randomBytes(WRAP_IV_LENGTH);
      const cipher = createCipheriv(this.#cipher, this.#key, iv, { authTagLength: WRAP_TAG_LENGTH });
      cipher.setAAD(serializeContextForAad(materials.encryptionContext));
      const ciphertext = Buffer.concat([cipher.update(dataKey), cipher.final(), cipher.getAuthTag()]);
      const edk: EncryptedDataKey = {
        providerId: this.keyNamespace,
        providerInfo: writeProviderInfo(this.#nameBytes, iv),
        ciphertext,
      };
      return { ...materials, plaintextDataKey: dataKey, encryptedDataKeys: [...materials.encryptedDataKeys, edk] };
    } catch (err) {
      if (generated) dataKey.fill(0);
      throw err;
    }
  }

  /** One candidate per EDK wrapped under this namespace and name. */
  decryptCandidates(_materials: DecryptionMaterials, edks: readonly EncryptedDataKey[]): readonly DecryptCandidate[] {
    return edks
      .filter((edk) => edk.providerId === this.keyNamespace && providerInfoNames(edk.providerInfo, this.#nameBytes))
      .map((edk) => ({
        kind: 'raw' as const,
        keyring: KEYRING,
        keyId: this.keyId,
        edk,
        attempt: (materials: DecryptionMaterials) => this.#unwrap(materials, edk),
      }));
  }

  /** Opens the first of `edks` this key can; unchanged materials if none is this key's. */
  async onDecrypt(materials: DecryptionMaterials, edks: readonly EncryptedDataKey[]): Promise<DecryptionMaterials> {
    if (materials.plaintextDataKey !== undefined) return materials;
    const candidates = this.decryptCandidates(materials, edks);
    if (candidates.length === 0) return materials;
    return tryCandidates(materials, candidates);
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

  async #unwrap(materials: DecryptionMaterials, edk: EncryptedDataKey): Promise<DecryptionMaterials> {
    const iv = readProviderInfoIv(edk.providerInfo, this.#nameBytes);
    const keyLength = materials.suite.keyLength;
    if (iv === undefined || edk.ciphertext.length !== keyLength + WRAP_TAG_LENGTH) {
      throw new KeyringError(`raw-aes keyring: malformed encrypted data key for ${this.keyId}`);
    }
    const ct = Buffer.from(edk.ciphertext.buffer, edk.ciphertext.byteOffset, edk.ciphertext.byteLength);
    const decipher = createDecipheriv(this.#cipher, this.#key, iv, { authTagLength: WRAP_TAG_LENGTH });
    decipher.setAAD(serializeContextForAad(materials.encryptionContext));
    decipher.setAuthTag(ct.subarray(keyLength));
    const head = decipher.update(ct.subarray(0, keyLength));
    let tail: Buffer;
    try {
      tail = decipher.final();
    } catch (cause) {
      head.fill(0);
      throw new KeyringError(`raw-aes keyring: ${this.keyId} could not unwrap the data key (wrong key or encryption context)`, [], { cause });
    }
    const plaintextDataKey = Buffer.concat([head, tail]);
    head.fill(0);
    return {
      ...materials,
      plaintextDataKey,
      decryptedBy: { providerId: this.keyNamespace, keyId: this.keyId },
    };
  }
}
