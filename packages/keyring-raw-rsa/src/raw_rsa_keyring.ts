import { Buffer } from 'node:buffer';
import { createPublicKey, privateDecrypt, publicEncrypt, randomBytes, type KeyObject } from 'node:crypto';
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
import { pkcs1Unwrapper } from './internal/pkcs1_unwrap.js';
import { isRsaPadding, nodePaddingOptions, RSA_PADDINGS, type RsaPadding } from './rsa_padding.js';
import { loadRsaPrivateKey, loadRsaPublicKey, type RsaKeyInput } from './rsa_key_loading.js';

/** Options of {@link RawRsaKeyring}. */
export interface RawRsaKeyringOptions {
  /** Provider id written in the EDK (e.g. `escrow`); not `aws-kms…`. */
  readonly keyNamespace: string;
  /** Key name, written as the EDK's provider info (e.g. `escrow-2026`). */
  readonly keyName: string;
  /** Public key (PEM, DER, certificate or KeyObject). Derived from `privateKey` when left out. */
  readonly publicKey?: RsaKeyInput;
  /** Private key (PEM, DER or KeyObject). Leave out for an encrypt-only escrow keyring. */
  readonly privateKey?: RsaKeyInput;
  /** Passphrase of an encrypted PKCS#8 `privateKey`. */
  readonly passphrase?: string;
  /** Padding; `pkcs1` is legacy, for reading old messages (see `allowPkcs1Decrypt`). */
  readonly padding: RsaPadding;
  /**
   * Decrypt with `pkcs1` padding (default false). PKCS#1 v1.5 decryption is a padding oracle in
   * general; opt in only to read old messages. With it, every unwrap failure gives a wrong data key
   * (the message then fails its commitment or tag check), so invalid padding and a wrong key look
   * the same. Encryption with `pkcs1` needs no opt-in.
   */
  readonly allowPkcs1Decrypt?: boolean;
}

const KEYRING = 'raw-rsa';

/**
 * Wraps data keys with RSA under a public key, compatible with the AWS ESDK's raw RSA keyring
 * (provider id = namespace, provider info = key name, EDK ciphertext = the RSA-encrypted data key).
 * Meant as an offline escrow key: encrypt with the public half, bring the private half out only to recover.
 */
export class RawRsaKeyring implements PlannableKeyring {
  /** Key namespace (EDK provider id). */
  readonly keyNamespace: string;
  /** Key name (provider info). */
  readonly keyName: string;
  /** RSA padding used to wrap and unwrap. */
  readonly padding: RsaPadding;
  readonly #publicKey: KeyObject | undefined;
  readonly #privateKey: KeyObject | undefined;
  readonly #nameBytes: Buffer;
  readonly #allowPkcs1Decrypt: boolean;
  #pkcs1: ((ct: Uint8Array, keyLength: number) => Buffer) | undefined;

  constructor(options: RawRsaKeyringOptions) {
    const { keyNamespace, keyName, padding } = options;
    if (typeof keyNamespace !== 'string' || keyNamespace.length === 0) throw new ConfigError('raw-rsa keyring: keyNamespace must be a non-empty string');
    if (keyNamespace.startsWith('aws-kms')) throw new ConfigError('raw-rsa keyring: keyNamespace must not start with "aws-kms" (reserved for KMS)');
    if (typeof keyName !== 'string' || keyName.length === 0) throw new ConfigError('raw-rsa keyring: keyName must be a non-empty string');
    if (!isRsaPadding(padding)) throw new ConfigError(`raw-rsa keyring: padding must be one of ${RSA_PADDINGS.join(', ')}`);
    if (options.publicKey === undefined && options.privateKey === undefined) {
      throw new ConfigError('raw-rsa keyring: give a publicKey, a privateKey or both');
    }
    const loadOpts = options.passphrase !== undefined ? { passphrase: options.passphrase } : {};
    this.#privateKey = options.privateKey === undefined ? undefined : loadRsaPrivateKey(options.privateKey, { ...loadOpts, label: `raw-rsa keyring ${keyNamespace}/${keyName}: private key` });
    this.#publicKey = loadRsaPublicKey(options.publicKey ?? this.#privateKey!, { ...loadOpts, label: `raw-rsa keyring ${keyNamespace}/${keyName}: public key` });
    if (this.#privateKey !== undefined && options.publicKey !== undefined && !samePublicKey(this.#publicKey, createPublicKey(this.#privateKey))) {
      throw new ConfigError(`raw-rsa keyring ${keyNamespace}/${keyName}: publicKey and privateKey are not one key pair`);
    }
    this.keyNamespace = keyNamespace;
    this.keyName = keyName;
    this.padding = padding;
    this.#allowPkcs1Decrypt = options.allowPkcs1Decrypt === true;
    this.#nameBytes = Buffer.from(keyName, 'utf8');
  }

  /** `namespace/name`, as reported in `decryptedBy` and attempts. */
  get keyId(): string {
    return `${this.keyNamespace}/${this.keyName}`;
  }

  /** Whether this keyring holds the private key. */
  get canDecrypt(): boolean {
    return this.#privateKey !== undefined;
  }

  /** Generates the data key if absent and appends the RSA-wrapped copy. */
  async onEncrypt(materials: EncryptionMaterials): Promise<EncryptionMaterials> {
    const generated = materials.plaintextDataKey === undefined;
    const dataKey = materials.plaintextDataKey ?? randomBytes(materials.suite.keyLength);
    try {
      if (dataKey.length !== materials.suite.keyLength) {
        throw new KeyringError(`raw-rsa keyring: data key is ${dataKey.length} bytes, the suite needs ${materials.suite.keyLength}`);
      }
      const ciphertext = publicEncrypt({ key: this.#publicKey!, ...nodePaddingOptions(this.padding) }, dataKey);
      const edk: EncryptedDataKey = { providerId: this.keyNamespace, providerInfo: Buffer.from(this.#nameBytes), ciphertext };
      return { ...materials, plaintextDataKey: dataKey, encryptedDataKeys: [...materials.encryptedDataKeys, edk] };
    } catch (err) {
      if (generated) dataKey.fill(0);
      throw err;
    }
  }

  /** One candidate per EDK whose provider id is the namespace and provider info the key name. */
  decryptCandidates(_materials: DecryptionMaterials, edks: readonly EncryptedDataKey[]): readonly DecryptCandidate[] {
    return edks
      .filter((edk) => edk.providerId === this.keyNamespace && this.#nameBytes.equals(edk.providerInfo))
      .map((edk) => ({
        kind: 'raw' as const,
        keyring: KEYRING,
        keyId: this.keyId,
        edk,
        attempt: (materials: DecryptionMaterials) => this.#unwrap(materials, edk),
      }));
  }

  /**
   * Opens the first of `edks` this key can; unchanged materials if none is this key's.
   * Throws ConfigError if one is but this keyring has no private key.
   */
  async onDecrypt(materials: DecryptionMaterials, edks: readonly EncryptedDataKey[]): Promise<DecryptionMaterials> {
    if (materials.plaintextDataKey !== undefined) return materials;
    const candidates = this.decryptCandidates(materials, edks);
    if (candidates.length === 0) return materials;
    if (this.#privateKey === undefined) throw this.#noPrivateKey();
    return tryCandidates(materials, candidates);
  }

  /** Which key this is and whether it can decrypt; never key material. */
  toJSON(): {
    /** `raw-rsa` */
    keyring: string;
    /** Key namespace. */
    keyNamespace: string;
    /** Key name. */
    keyName: string;
    /** RSA padding. */
    padding: RsaPadding;
    /** Whether a private key is loaded. */
    canDecrypt: boolean;
  } {
    return { keyring: KEYRING, keyNamespace: this.keyNamespace, keyName: this.keyName, padding: this.padding, canDecrypt: this.canDecrypt };
  }

  #noPrivateKey(): ConfigError {
    return new ConfigError(`raw-rsa keyring ${this.keyId} has no private key: it can encrypt only (load the escrow private key to decrypt)`);
  }

  async #unwrap(materials: DecryptionMaterials, edk: EncryptedDataKey): Promise<DecryptionMaterials> {
    const privateKey = this.#privateKey;
    if (privateKey === undefined) throw this.#noPrivateKey();
    let plaintextDataKey: Buffer;
    if (this.padding === 'pkcs1') {
      if (!this.#allowPkcs1Decrypt) {
        throw new ConfigError(`raw-rsa keyring ${this.keyId}: pkcs1 decryption is off (PKCS#1 v1.5 is a padding oracle); set allowPkcs1Decrypt to read old messages`);
      }
      this.#pkcs1 ??= pkcs1Unwrapper(privateKey);
      // Never fails: a bad EDK yields a wrong key of the right length (see internal/pkcs1_unwrap.ts).
      plaintextDataKey = this.#pkcs1(edk.ciphertext, materials.suite.keyLength);
      return { ...materials, plaintextDataKey, decryptedBy: { providerId: this.keyNamespace, keyId: this.keyId } };
    }
    try {
      plaintextDataKey = privateDecrypt({ key: privateKey, ...nodePaddingOptions(this.padding) }, edk.ciphertext);
    } catch {
      // The cause is left out on purpose: padding errors must not tell an attacker more than "failed".
      throw new KeyringError(`raw-rsa keyring: ${this.keyId} could not unwrap the data key (wrong key or padding, or damaged EDK)`);
    }
    if (plaintextDataKey.length !== materials.suite.keyLength) {
      plaintextDataKey.fill(0);
      throw new KeyringError(`raw-rsa keyring: ${this.keyId} could not unwrap the data key (wrong key or padding, or damaged EDK)`);
    }
    return { ...materials, plaintextDataKey, decryptedBy: { providerId: this.keyNamespace, keyId: this.keyId } };
  }
}

function samePublicKey(a: KeyObject, b: KeyObject): boolean {
  return a.export({ format: 'der', type: 'spki' }).equals(b.export({ format: 'der', type: 'spki' }));
}
