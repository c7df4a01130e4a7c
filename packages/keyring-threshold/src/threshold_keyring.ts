import { split } from 'shamir-secret-sharing';
import {
  ConfigError,
  KeyringError,
  type DecryptCandidate,
  type DecryptionMaterials,
  type EncryptedDataKey,
  type EncryptionMaterials,
  type Keyring,
  type KeyringCallOptions,
  type PlannableKeyring,
} from '@envelope/core';
import { readShareInfo, writeShareInfo, type ShareInfo } from './share_info.js';
import { recoverDataKey, type ShareEdk } from './internal/recover.js';

/** Options of {@link ThresholdKeyring}. */
export interface ThresholdKeyringOptions {
  /** Provider id of the share EDKs (e.g. `board`); not `aws-kms…`, so the AWS ESDKs skip them. */
  readonly keyNamespace: string;
  /** Name of this threshold key, written in every share's provider info (e.g. `board-2026`). */
  readonly keyName: string;
  /** Shares needed to recover the data key: 2 ≤ threshold ≤ custodians.length. */
  readonly threshold: number;
  /**
   * One keyring per custodian, in a fixed order (the index is written in the message): usually a
   * raw RSA keyring with the custodian's public key on encrypt, with the private key to recover.
   * At most 255.
   */
  readonly custodians: readonly Keyring[];
}

const KEYRING = 'threshold';

/**
 * k-of-n escrow: the data key is split into `custodians.length` Shamir shares over GF(2^8)
 * (`shamir-secret-sharing`), share i is wrapped by `custodians[i]`, and any `threshold` custodians
 * together recover the data key; fewer learn nothing about it. Share EDKs carry provider id
 * `keyNamespace` and the provider info of {@link writeShareInfo}.
 */
export class ThresholdKeyring implements PlannableKeyring {
  /** Key namespace (provider id of the share EDKs). */
  readonly keyNamespace: string;
  /** Threshold key name. */
  readonly keyName: string;
  /** Shares needed (k). */
  readonly threshold: number;
  /** The custodians' keyrings, by index. */
  readonly custodians: readonly Keyring[];

  constructor(options: ThresholdKeyringOptions) {
    const { keyNamespace, keyName, threshold, custodians } = options;
    if (typeof keyNamespace !== 'string' || keyNamespace.length === 0) throw new ConfigError('threshold keyring: keyNamespace must be a non-empty string');
    if (keyNamespace.startsWith('aws-kms')) throw new ConfigError('threshold keyring: keyNamespace must not start with "aws-kms" (the AWS ESDKs would try its shares as KMS keys)');
    if (typeof keyName !== 'string' || keyName.length === 0 || new TextEncoder().encode(keyName).length > 0xffff) {
      throw new ConfigError('threshold keyring: keyName must be a non-empty string of at most 65535 UTF-8 bytes');
    }
    if (!Array.isArray(custodians) || custodians.length < 2 || custodians.length > 255) {
      throw new ConfigError(`threshold keyring: custodians must be 2 to 255 keyrings, got ${Array.isArray(custodians) ? custodians.length : typeof custodians}`);
    }
    custodians.forEach((c, i) => {
      if (typeof c?.onEncrypt !== 'function' || typeof c?.onDecrypt !== 'function') throw new ConfigError(`threshold keyring: custodians[${i}] is not a keyring`);
    });
    if (!Number.isInteger(threshold) || threshold < 2 || threshold > custodians.length) {
      throw new ConfigError(`threshold keyring: threshold must be an integer from 2 to ${custodians.length} (the number of custodians), got ${threshold}`);
    }
    this.keyNamespace = keyNamespace;
    this.keyName = keyName;
    this.threshold = threshold;
    this.custodians = Object.freeze([...custodians]);
  }

  /** `namespace/name`, as reported in `decryptedBy` and attempts. */
  get keyId(): string {
    return `${this.keyNamespace}/${this.keyName}`;
  }

  /**
   * Generates the data key if absent, splits it into one share per custodian and appends each
   * custodian's EDK of its share (wrapped as share EDKs). Shares are wiped before it returns.
   */
  async onEncrypt(materials: EncryptionMaterials, options: KeyringCallOptions = {}): Promise<EncryptionMaterials> {
    const keyLength = materials.suite.keyLength;
    const generated = materials.plaintextDataKey === undefined;
    const dataKey = materials.plaintextDataKey ?? crypto.getRandomValues(new Uint8Array(keyLength));
    let shares: Uint8Array[] = [];
    try {
      if (dataKey.length !== keyLength) throw new KeyringError(`threshold keyring ${this.keyId}: data key is ${dataKey.length} bytes, the suite needs ${keyLength}`);
      // The library accepts plain Uint8Arrays only (not Buffers): split a copy, wiped right after.
      const secret = new Uint8Array(dataKey);
      try {
        shares = await split(secret, this.custodians.length, this.threshold);
      } finally {
        secret.fill(0);
      }
      // allSettled: no custodian may still be reading a share when the finally below wipes it.
      const results = await Promise.allSettled(shares.map((share, i) => this.#wrapShare(materials, share, i, options)));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      const edks = (results as PromiseFulfilledResult<EncryptedDataKey[]>[]).flatMap((r) => r.value);
      return { ...materials, plaintextDataKey: dataKey, encryptedDataKeys: [...materials.encryptedDataKeys, ...edks] };
    } catch (err) {
      if (generated) dataKey.fill(0);
      throw err;
    } finally {
      for (const s of shares) s.fill(0);
    }
  }

  /**
   * One candidate, kind `raw` (so a multi keyring plans it after KMS keys, with the escrow keys),
   * if the message holds shares of this threshold key; it opens shares custodian by custodian
   * until it has `threshold` of them.
   */
  decryptCandidates(_materials: DecryptionMaterials, edks: readonly EncryptedDataKey[]): readonly DecryptCandidate[] {
    const shares = this.#sharesIn(edks);
    const first = shares[0];
    if (first === undefined) return [];
    return [
      {
        kind: 'raw',
        keyring: KEYRING,
        keyId: this.keyId,
        edk: first.edk,
        attempt: (materials: DecryptionMaterials, options?: KeyringCallOptions) => this.#recover(materials, shares, options ?? {}),
      },
    ];
  }

  /**
   * Recovers the data key from `threshold` shares; unchanged materials if the message holds none
   * of this key's shares. Throws NoKeyDecryptedError (how many shares it had of how many needed,
   * with every custodian's attempt) when fewer custodians could open their share.
   */
  async onDecrypt(materials: DecryptionMaterials, edks: readonly EncryptedDataKey[], options: KeyringCallOptions = {}): Promise<DecryptionMaterials> {
    if (materials.plaintextDataKey !== undefined) return materials;
    const shares = this.#sharesIn(edks);
    if (shares.length === 0) return materials;
    return this.#recover(materials, shares, options);
  }

  /** Which key this is; never key material. */
  toJSON(): {
    /** `threshold` */
    keyring: string;
    /** Key namespace. */
    keyNamespace: string;
    /** Key name. */
    keyName: string;
    /** Shares needed. */
    threshold: number;
    /** Number of custodians. */
    custodians: number;
  } {
    return { keyring: KEYRING, keyNamespace: this.keyNamespace, keyName: this.keyName, threshold: this.threshold, custodians: this.custodians.length };
  }

  async #wrapShare(materials: EncryptionMaterials, share: Uint8Array, index: number, options: KeyringCallOptions): Promise<EncryptedDataKey[]> {
    const keyLength = materials.suite.keyLength;
    const shareX = share[keyLength]!;
    const y = share.slice(0, keyLength);
    let returned: Uint8Array | undefined;
    try {
      let wrapped: EncryptionMaterials;
      try {
        wrapped = await this.custodians[index]!.onEncrypt({ ...materials, plaintextDataKey: y, encryptedDataKeys: [] }, options);
      } catch (cause) {
        throw new KeyringError(`threshold keyring ${this.keyId}: custodian ${index} could not wrap its share: ${(cause as Error)?.message ?? String(cause)}`, [], { cause });
      }
      returned = wrapped.plaintextDataKey;
      if (!(returned instanceof Uint8Array) || returned.length !== y.length || !equalConstantTime(returned, y)) {
        throw new KeyringError(`threshold keyring ${this.keyId}: custodian ${index} replaced its share instead of wrapping it`);
      }
      if (wrapped.encryptedDataKeys.length === 0) throw new KeyringError(`threshold keyring ${this.keyId}: custodian ${index} returned no encrypted data key`);
      return wrapped.encryptedDataKeys.map((inner) => ({
        providerId: this.keyNamespace,
        providerInfo: writeShareInfo({
          threshold: this.threshold,
          custodians: this.custodians.length,
          custodianIndex: index,
          shareX,
          keyName: this.keyName,
          custodianProviderId: inner.providerId,
          custodianProviderInfo: inner.providerInfo,
        }),
        ciphertext: inner.ciphertext,
      }));
    } finally {
      y.fill(0);
      returned?.fill(0);
    }
  }

  /** The EDKs that are shares of this threshold key (namespace, well-formed info, key name). */
  #sharesIn(edks: readonly EncryptedDataKey[]): ShareEdk[] {
    const out: ShareEdk[] = [];
    for (const edk of edks) {
      if (edk.providerId !== this.keyNamespace) continue;
      const info: ShareInfo | undefined = readShareInfo(edk.providerInfo);
      if (info !== undefined && info.keyName === this.keyName) out.push({ edk, info });
    }
    return out;
  }

  #recover(materials: DecryptionMaterials, shares: readonly ShareEdk[], options: KeyringCallOptions): Promise<DecryptionMaterials> {
    return recoverDataKey(materials, shares, {
      keyNamespace: this.keyNamespace,
      keyId: this.keyId,
      threshold: this.threshold,
      custodians: this.custodians,
      options,
    });
  }
}

/** Compares equal-length byte strings without an early exit (the custodian's answer against the share). */
function equalConstantTime(a: Uint8Array, b: Uint8Array): boolean {
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}
