/**
 * The materials model: plain immutable objects that flow from the materials manager through the
 * keyrings and back. A keyring never mutates materials; it returns a new object with the spread
 * (`{ ...m, plaintextDataKey }`), which also carries through fields it does not know.
 */
import type { SigningKey, VerificationKey } from './crypto/backend.js';
import type { AlgorithmSuite } from './suites.js';
import type { KeyAttempt } from './errors.js';
import type { AvailabilityAware } from './availability.js';
import type { EncryptedDataKey, EncryptionContext } from './header_types.js';

export type { EncryptedDataKey, EncryptionContext } from './header_types.js';
export type { CommitmentPolicy } from './commitment_policy.js';

/** The key that opened a message: a KMS key ARN and its region, or an escrow key's namespace/name. */
export interface KeyDescription {
  /** `aws-kms`, or the raw keyring's key namespace. */
  readonly providerId: string;
  /** A KMS key ARN, or `namespace/name` for raw keys. */
  readonly keyId: string;
  /** The KMS key's region. */
  readonly region?: string;
}

/**
 * A key a keyring was configured with but skipped under its `minKeys` policy (a region down), as
 * `encrypt`, `rewrap` and the streams' `'skippedKeys'` event report it: which key (as
 * {@link KeyDescription}), which keyring, and why, as text.
 */
export interface SkippedKey extends KeyDescription {
  /** The keyring kind, e.g. `aws-kms`. */
  readonly keyring: string;
  /** Why it was skipped: the error's message, or the keyring's reason. */
  readonly error?: string;
  /** The keyring's short reason, when it gave one. */
  readonly reason?: string;
}

/** What the keyrings fill in on encrypt. */
export interface EncryptionMaterials {
  /** The algorithm suite of the message. */
  readonly suite: AlgorithmSuite;
  /** The context bound to the message (includes the signing public key for signed suites). */
  readonly encryptionContext: EncryptionContext;
  /** The data key, once a keyring generated it; wiped by the core once the message key exists. */
  readonly plaintextDataKey?: Uint8Array;
  /** One EDK per master key that wrapped the data key. */
  readonly encryptedDataKeys: readonly EncryptedDataKey[];
  /**
   * Private signing key of signed suites (set by the materials manager): an opaque key of the
   * crypto backend in use (a manager of one's own copies it through, or gets one from DefaultMaterialsManager).
   */
  readonly signingKey?: SigningKey;
  /** Keys a keyring was configured with but skipped (e.g. a KMS region that was down and `minKeys` allowed it). */
  readonly skippedKeys?: readonly KeyAttempt[];
}

/** What the keyrings fill in on decrypt. */
export interface DecryptionMaterials {
  /** The suite the message names. */
  readonly suite: AlgorithmSuite;
  /** The message's encryption context. */
  readonly encryptionContext: EncryptionContext;
  /** The data key, set by the keyring that opened an EDK. */
  readonly plaintextDataKey?: Uint8Array;
  /** Public verification key of signed suites (set by the materials manager from the context). */
  readonly verificationKey?: VerificationKey;
  /** Set by the keyring that opened the data key. */
  readonly decryptedBy?: KeyDescription;
  /** Keys that were tried before (or instead of) the one that worked. */
  readonly attempts?: readonly KeyAttempt[];
}

/** Optional per-call options a keyring may honour. */
export interface KeyringCallOptions {
  /** Aborts outstanding remote calls (first-success-wins plans, hedging, deadlines). */
  readonly signal?: AbortSignal;
}

/**
 * A keyring wraps data keys on encrypt and unwraps one on decrypt. Any object with these two
 * methods is a keyring: `{ onEncrypt, onDecrypt }` works as well as a class.
 */
export interface Keyring {
  /** Returns new materials with a data key (generated if absent) and this keyring's EDKs appended. */
  onEncrypt(materials: EncryptionMaterials, options?: KeyringCallOptions): Promise<EncryptionMaterials>;
  /**
   * Returns materials with `plaintextDataKey` set if one of `edks` is this keyring's and it opened
   * it; returns them unchanged if none is; throws an EnvelopeError if it tried and failed.
   */
  onDecrypt(
    materials: DecryptionMaterials,
    edks: readonly EncryptedDataKey[],
    options?: KeyringCallOptions,
  ): Promise<DecryptionMaterials>;
}

/**
 * The "not mine" sentinel: what a candidate's `attempt` resolves with when, looking closer, the EDK
 * is not one it can open (e.g. a custom keyring that returned the materials unchanged). It is kept
 * apart from "tried and failed" (a rejection), which the runner records as an attempt; "not mine" is
 * recorded nowhere, as age's `ErrIncorrectIdentity`.
 */
export const NOT_MINE: unique symbol = Symbol('envelope.notMine');
/** Type of {@link NOT_MINE}. */
export type NotMine = typeof NOT_MINE;

/** What the decrypt runner passes to a candidate's `attempt`. */
export interface CandidateCallOptions extends KeyringCallOptions {
  /**
   * True when the runner has other candidates of the same kind to move to (another location for a
   * remote candidate): a remote call should then fail fast (no retries within the call) and let the
   * runner try elsewhere. Escrow keys do not count as alternatives for remote candidates.
   */
  readonly alternatives?: boolean;
  /**
   * For a candidate with `reportsStart`: call when the remote request actually goes out (after
   * local set-up such as loading an SDK), so the hedge delay measures the remote call only.
   */
  readonly onStarted?: () => void;
}

/**
 * One way to open one EDK, as a keyring offers it to the decrypt runner (directly, or through the
 * multi keyring), so the runner can order keys across keyrings: remote keys in the local region,
 * then in other regions, then escrow.
 */
export interface DecryptCandidate {
  /**
   * `remote` for keys a service holds at a location (KMS keys in a region), `raw` for local (escrow)
   * keys, `other` for anything else. `kms` is the earlier name of `remote`, still read the same way.
   */
  readonly kind: 'remote' | 'kms' | 'raw' | 'other';
  /** Keyring kind for reports, e.g. `aws-kms`, `raw-rsa`. */
  readonly keyring: string;
  /** The key this candidate would use (KMS ARN, or `namespace/name`). */
  readonly keyId: string;
  /** The location (a cloud region) of a remote candidate. */
  readonly region?: string;
  /** The EDK this candidate would open. */
  readonly edk: EncryptedDataKey;
  /**
   * A secondary way to open (e.g. another region's EDK of the same multi-region key): planned after
   * every primary candidate.
   */
  readonly fallback?: boolean;
  /** Whether `attempt` calls `options.onStarted` when its remote request goes out (see CandidateCallOptions). */
  readonly reportsStart?: boolean;
  /**
   * Opens the EDK: resolves with materials holding the data key, resolves with {@link NOT_MINE} if
   * the EDK turned out not to be this candidate's, or rejects (tried and failed).
   */
  attempt(materials: DecryptionMaterials, options?: CandidateCallOptions): Promise<DecryptionMaterials | NotMine>;
}

/** A keyring that can list its decrypt candidates (every built-in keyring is one). */
export interface PlannableKeyring extends Keyring, AvailabilityAware {
  /** Every way this keyring could open one of `edks`, without calling anything yet. */
  decryptCandidates(materials: DecryptionMaterials, edks: readonly EncryptedDataKey[]): readonly DecryptCandidate[];
}

/** True if `k` offers {@link PlannableKeyring.decryptCandidates}. */
export function isPlannable(k: Keyring): k is PlannableKeyring {
  return typeof (k as Partial<PlannableKeyring>).decryptCandidates === 'function';
}
