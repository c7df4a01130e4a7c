import { Buffer } from 'node:buffer';
import { createPublicKey, privateDecrypt, publicEncrypt, type KeyObject } from 'node:crypto';
import { ConfigError, KeyringError, RawKeyring, type DecryptionMaterials, type EncryptedDataKey } from '@envelope/core';
import { pkcs1Unwrapper } from './internal/pkcs1_unwrap.js';
import { isRsaPadding, RSA_PADDINGS, type RsaPadding } from './rsa_padding.js';
import { nodePaddingOptions } from './internal/node_padding.js';
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
export class RawRsaKeyring extends RawKeyring {
  /** RSA padding used to wrap and unwrap. */
  readonly padding: RsaPadding;
  readonly #publicKey: KeyObject;
  readonly #privateKey: KeyObject | undefined;
  readonly #nameBytes: Buffer;
  readonly #allowPkcs1Decrypt: boolean;
  #pkcs1: ((ct: Uint8Array, keyLength: number) => Buffer) | undefined;

  constructor(options: RawRsaKeyringOptions) {
    const o: Partial<RawRsaKeyringOptions> = options ?? {};
    super(KEYRING, o.keyNamespace, o.keyName);
    const { keyNamespace, keyName, padding } = o;
    if (!isRsaPadding(padding)) throw new ConfigError(`raw-rsa keyring: padding must be one of ${RSA_PADDINGS.join(', ')}`);
    if (o.publicKey === undefined && o.privateKey === undefined) {
      throw new ConfigError('raw-rsa keyring: give a publicKey, a privateKey or both');
    }
    const loadOpts = o.passphrase !== undefined ? { passphrase: o.passphrase } : {};
    this.#privateKey = o.privateKey === undefined ? undefined : loadRsaPrivateKey(o.privateKey, { ...loadOpts, label: `raw-rsa keyring ${keyNamespace}/${keyName}: private key` });
    this.#publicKey = loadRsaPublicKey(o.publicKey ?? this.#privateKey!, { ...loadOpts, label: `raw-rsa keyring ${keyNamespace}/${keyName}: public key` });
    if (this.#privateKey !== undefined && o.publicKey !== undefined && !samePublicKey(this.#publicKey, createPublicKey(this.#privateKey))) {
      throw new ConfigError(`raw-rsa keyring ${keyNamespace}/${keyName}: publicKey and privateKey are not one key pair`);
    }
    this.padding = padding;
    this.#allowPkcs1Decrypt = o.allowPkcs1Decrypt === true;
    this.#nameBytes = Buffer.from(this.keyName, 'utf8');
  }

  /** Whether this keyring holds the private key. */
  get canDecrypt(): boolean {
    return this.#privateKey !== undefined;
  }

  protected wrap(dataKey: Uint8Array): EncryptedDataKey {
    const ciphertext = publicEncrypt({ key: this.#publicKey, ...nodePaddingOptions(this.padding) }, dataKey);
    return { providerId: this.keyNamespace, providerInfo: Buffer.from(this.#nameBytes), ciphertext };
  }

  protected ownsProviderInfo(providerInfo: Uint8Array): boolean {
    return this.#nameBytes.equals(providerInfo);
  }

  /** Throws ConfigError when one of the EDKs is this key's but this keyring has no private key. */
  protected override beforeDecrypt(): void {
    if (this.#privateKey === undefined) throw this.#noPrivateKey();
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

  protected unwrap(edk: EncryptedDataKey, materials: DecryptionMaterials): Uint8Array {
    const privateKey = this.#privateKey;
    if (privateKey === undefined) throw this.#noPrivateKey();
    if (this.padding === 'pkcs1') {
      if (!this.#allowPkcs1Decrypt) {
        throw new ConfigError(`raw-rsa keyring ${this.keyId}: pkcs1 decryption is off (PKCS#1 v1.5 is a padding oracle); set allowPkcs1Decrypt to read old messages`);
      }
      this.#pkcs1 ??= pkcs1Unwrapper(privateKey);
      // Never fails: a bad EDK yields a wrong key of the right length (see internal/pkcs1_unwrap.ts).
      return this.#pkcs1(edk.ciphertext, materials.suite.keyLength);
    }
    try {
      return privateDecrypt({ key: privateKey, ...nodePaddingOptions(this.padding) }, edk.ciphertext);
    } catch {
      // The cause is left out on purpose: padding errors must not tell an attacker more than "failed".
      throw new KeyringError(`raw-rsa keyring: ${this.keyId} could not unwrap the data key (wrong key or padding, or damaged EDK)`);
    }
  }
}

function samePublicKey(a: KeyObject, b: KeyObject): boolean {
  return a.export({ format: 'der', type: 'spki' }).equals(b.export({ format: 'der', type: 'spki' }));
}
