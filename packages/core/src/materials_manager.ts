/**
 * The materials-manager seam: what sits between encrypt/decrypt and the keyrings. A manager hands
 * core the materials of one message; core checks them, uses the data key and wipes it. A manager
 * that keeps keys (a cache) must hand out copies.
 */
import type { CommitmentPolicy, DecryptionMaterials, EncryptionContext, EncryptionMaterials, Keyring } from './materials.js';
import type { MessageHeader } from './header_types.js';
import type { SuiteId } from './suites.js';

/** What core asks a manager for on encrypt. */
export interface EncryptionRequest {
  /** The caller's encryption context (without the signing key, which the manager adds). */
  readonly encryptionContext: EncryptionContext;
  /** The policy the suite must satisfy. */
  readonly commitmentPolicy: CommitmentPolicy;
  /** The suite the caller asked for, if any. */
  readonly suiteId?: SuiteId;
  /** Plaintext bytes the message will hold: always known for buffers, for streams when given. */
  readonly plaintextLength?: number;
  /** Refuse to produce more encrypted data keys than this. */
  readonly maxEncryptedDataKeys?: number;
  /** The caller's cancellation. */
  readonly signal?: AbortSignal;
}

/** What core asks a manager for on decrypt. */
export interface DecryptionRequest {
  /** The parsed (not yet authenticated) header of the message. */
  readonly header: MessageHeader;
  /** The policy the message's suite was checked against. */
  readonly commitmentPolicy: CommitmentPolicy;
  /** Pairs the caller reproduces; core has already checked that the message holds them. */
  readonly encryptionContext?: EncryptionContext;
  /** The message's EDK count was checked against this. */
  readonly maxEncryptedDataKeys?: number;
  /** The caller's cancellation. */
  readonly signal?: AbortSignal;
}

/**
 * Produces the materials of one message. Core wipes the `plaintextDataKey` it is handed once the
 * message key exists: a manager that keeps keys must return copies.
 */
export interface MaterialsManager {
  /** Materials for a new message: suite, context, data key, EDKs (and the signing key of signed suites). */
  getEncryptionMaterials(request: EncryptionRequest): Promise<EncryptionMaterials>;
  /** Materials with the data key of an existing message, or a NoKeyDecryptedError. */
  decryptMaterials(request: DecryptionRequest): Promise<DecryptionMaterials>;
}

/** True if `x` has the two methods of a {@link MaterialsManager}. */
export function isMaterialsManager(x: unknown): x is MaterialsManager {
  const m = x as Partial<MaterialsManager> | null | undefined;
  return typeof m?.getEncryptionMaterials === 'function' && typeof m.decryptMaterials === 'function';
}

/** True if `x` has the two methods of a {@link Keyring}. */
export function isKeyring(x: unknown): x is Keyring {
  const k = x as Partial<Keyring> | null | undefined;
  return typeof k?.onEncrypt === 'function' && typeof k.onDecrypt === 'function';
}
