/**
 * The skeleton every raw (local key) keyring shares: the namespace and name checks, generating the
 * data key when the materials have none, wiping a generated key when wrapping fails, one decrypt
 * candidate per EDK of this namespace and name, and the decrypt runner. A subclass only says how to
 * wrap, how to recognise its provider info, and how to unwrap.
 */
import { backend } from '#crypto-backend';
import { ConfigError, KeyringError } from './errors.js';
import { runDecrypt } from './decrypt_runner.js';
import type {
  DecryptCandidate,
  DecryptionMaterials,
  EncryptedDataKey,
  EncryptionMaterials,
  KeyringCallOptions,
  PlannableKeyring,
} from './materials.js';

/** Base class of raw keyrings (`raw-aes`, `raw-rsa`, or a third party's). */
export abstract class RawKeyring implements PlannableKeyring {
  /** Key namespace (EDK provider id). */
  readonly keyNamespace: string;
  /** Key name, inside the namespace. */
  readonly keyName: string;
  /** Keyring kind for reports, e.g. `raw-aes`. */
  readonly kind: string;

  /** Checks the namespace (non-empty, not `aws-kms…`) and the name; `kind` labels errors and reports. */
  constructor(kind: string, keyNamespace: unknown, keyName: unknown) {
    if (typeof keyNamespace !== 'string' || keyNamespace.length === 0) throw new ConfigError(`${kind} keyring: keyNamespace must be a non-empty string`);
    if (keyNamespace.startsWith('aws-kms')) throw new ConfigError(`${kind} keyring: keyNamespace must not start with "aws-kms" (reserved for KMS)`);
    if (typeof keyName !== 'string' || keyName.length === 0) throw new ConfigError(`${kind} keyring: keyName must be a non-empty string`);
    this.kind = kind;
    this.keyNamespace = keyNamespace;
    this.keyName = keyName;
  }

  /** `namespace/name`, as reported in `decryptedBy` and attempts. */
  get keyId(): string {
    return `${this.keyNamespace}/${this.keyName}`;
  }

  /** Wraps `dataKey` (already checked to be the suite's length) into this key's EDK. */
  protected abstract wrap(dataKey: Uint8Array, materials: EncryptionMaterials): EncryptedDataKey | Promise<EncryptedDataKey>;
  /** Whether `providerInfo` (of an EDK in this namespace) names this key. */
  protected abstract ownsProviderInfo(providerInfo: Uint8Array): boolean;
  /** Unwraps `edk`; throws a KeyringError that says no more than "could not unwrap". */
  protected abstract unwrap(edk: EncryptedDataKey, materials: DecryptionMaterials): Uint8Array | Promise<Uint8Array>;
  /** Called once before any candidate is tried (e.g. to refuse when no private key is loaded). */
  protected beforeDecrypt(): void {}

  /** Generates the data key if absent (suite key length) and appends this key's EDK. */
  async onEncrypt(materials: EncryptionMaterials): Promise<EncryptionMaterials> {
    const generated = materials.plaintextDataKey === undefined;
    const dataKey = materials.plaintextDataKey ?? backend.randomBytes(materials.suite.keyLength);
    try {
      if (dataKey.length !== materials.suite.keyLength) {
        throw new KeyringError(`${this.kind} keyring: data key is ${dataKey.length} bytes, suite 0x${materials.suite.id.toString(16).padStart(4, '0')} needs ${materials.suite.keyLength}`);
      }
      const edk = await this.wrap(dataKey, materials);
      return { ...materials, plaintextDataKey: dataKey, encryptedDataKeys: [...materials.encryptedDataKeys, edk] };
    } catch (err) {
      if (generated) dataKey.fill(0);
      throw err;
    }
  }

  /** One candidate per EDK of this namespace whose provider info names this key. */
  decryptCandidates(_materials: DecryptionMaterials, edks: readonly EncryptedDataKey[]): readonly DecryptCandidate[] {
    return edks
      .filter((edk) => edk.providerId === this.keyNamespace && this.ownsProviderInfo(edk.providerInfo))
      .map((edk) => ({
        kind: 'raw' as const,
        keyring: this.kind,
        keyId: this.keyId,
        edk,
        attempt: (materials: DecryptionMaterials) => this.#open(materials, edk),
      }));
  }

  /** Opens the first of `edks` this key can; unchanged materials if none is this key's. */
  async onDecrypt(materials: DecryptionMaterials, edks: readonly EncryptedDataKey[], options: KeyringCallOptions = {}): Promise<DecryptionMaterials> {
    if (materials.plaintextDataKey !== undefined) return materials;
    const candidates = this.decryptCandidates(materials, edks);
    if (candidates.length === 0) return materials;
    this.beforeDecrypt();
    return runDecrypt(materials, candidates, { hedging: 'off', signal: options.signal });
  }

  async #open(materials: DecryptionMaterials, edk: EncryptedDataKey): Promise<DecryptionMaterials> {
    const key = await this.unwrap(edk, materials);
    if (key.length !== materials.suite.keyLength) {
      key.fill(0);
      throw new KeyringError(`${this.kind} keyring: ${this.keyId} could not unwrap the data key (wrong key or damaged EDK)`);
    }
    return { ...materials, plaintextDataKey: key, decryptedBy: { providerId: this.keyNamespace, keyId: this.keyId } };
  }
}
