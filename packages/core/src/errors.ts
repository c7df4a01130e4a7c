/**
 * One family of errors. Every error Envelope raises is an {@link EnvelopeError} with a stable
 * `code`, so callers can branch on `err.code` without parsing messages.
 */

/** Codes of core's own errors. */
export type CoreErrorCode =
  | 'MALFORMED_MESSAGE'
  | 'TRUNCATED_MESSAGE'
  | 'UNSUPPORTED_SUITE'
  | 'AUTHENTICATION_FAILED'
  | 'COMMITMENT_MISMATCH'
  | 'SIGNATURE_INVALID'
  | 'COMMITMENT_POLICY'
  | 'ENCRYPTION_CONTEXT'
  | 'LIMIT_EXCEEDED'
  | 'NO_KEY_DECRYPTED'
  | 'KEYRING_FAILED'
  | 'CONFIG'
  | 'INVALID_ARGUMENT'
  | 'ABORTED';

/**
 * The codes keyring packages add, each with its error class, by declaration merging
 * (`declare module '@envelope/core' { interface PackageErrors { KMS_REQUEST_FAILED: KmsRequestError } }`
 * in `@envelope/keyring-kms`): a program that imports such a package sees its codes in
 * {@link EnvelopeErrorCode} and its classes in {@link AnyEnvelopeError}, so `switch (e.code)` still narrows.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PackageErrors {}

/** Stable error codes: core's and those of the keyring packages in the program. */
export type EnvelopeErrorCode = CoreErrorCode | (keyof PackageErrors & string);

/** Base class of every error Envelope raises. */
export class EnvelopeError extends Error {
  /** Stable code to branch on, e.g. `'AUTHENTICATION_FAILED'`. */
  readonly code: EnvelopeErrorCode;
  constructor(code: EnvelopeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** The bytes are not a well-formed message (bad field, declared size over a limit, trailing bytes). */
export class MalformedMessageError extends EnvelopeError {
  /** Always `'MALFORMED_MESSAGE'`. */
  declare readonly code: 'MALFORMED_MESSAGE';
  constructor(message: string, options?: { cause?: unknown }) {
    super('MALFORMED_MESSAGE', message, options);
  }
}

/** The message ended before its last byte: a cut-off file or stream. */
export class TruncatedMessageError extends EnvelopeError {
  /** Always `'TRUNCATED_MESSAGE'`. */
  declare readonly code: 'TRUNCATED_MESSAGE';
  constructor(message = 'message is truncated', options?: { cause?: unknown }) {
    super('TRUNCATED_MESSAGE', message, options);
  }
}

/** The message names an algorithm suite Envelope does not know, or one the caller forbade. */
export class UnsupportedSuiteError extends EnvelopeError {
  /** Always `'UNSUPPORTED_SUITE'`. */
  declare readonly code: 'UNSUPPORTED_SUITE';
  constructor(message: string, options?: { cause?: unknown }) {
    super('UNSUPPORTED_SUITE', message, options);
  }
}

/**
 * An AES-GCM tag did not verify (header or body). The message is fixed on purpose: it never says
 * which byte or which frame, so it cannot serve as an oracle.
 */
export class AuthenticationError extends EnvelopeError {
  /** Always `'AUTHENTICATION_FAILED'`. */
  declare readonly code: 'AUTHENTICATION_FAILED';
  constructor(options?: { cause?: unknown }) {
    super('AUTHENTICATION_FAILED', 'message authentication failed', options);
  }
}

/** The key commitment in a v2 header does not match the data key that opened it. */
export class CommitmentMismatchError extends EnvelopeError {
  /** Always `'COMMITMENT_MISMATCH'`. */
  declare readonly code: 'COMMITMENT_MISMATCH';
  constructor(message = 'key commitment does not match the data key', options?: { cause?: unknown }) {
    super('COMMITMENT_MISMATCH', message, options);
  }
}

/** The footer signature of a signed suite is missing or does not verify. */
export class SignatureError extends EnvelopeError {
  /** Always `'SIGNATURE_INVALID'`. */
  declare readonly code: 'SIGNATURE_INVALID';
  constructor(message = 'message signature is invalid', options?: { cause?: unknown }) {
    super('SIGNATURE_INVALID', message, options);
  }
}

/** The commitment policy forbids this suite (encrypt) or this message (decrypt). */
export class CommitmentPolicyError extends EnvelopeError {
  /** Always `'COMMITMENT_POLICY'`. */
  declare readonly code: 'COMMITMENT_POLICY';
  constructor(message: string, options?: { cause?: unknown }) {
    super('COMMITMENT_POLICY', message, options);
  }
}

/** A reserved `aws-crypto-` key from the caller, or a required pair missing on decrypt. */
export class EncryptionContextError extends EnvelopeError {
  /** Always `'ENCRYPTION_CONTEXT'`. */
  declare readonly code: 'ENCRYPTION_CONTEXT';
  constructor(message: string, options?: { cause?: unknown }) {
    super('ENCRYPTION_CONTEXT', message, options);
  }
}

/** A configured limit was passed: too many encrypted data keys, a non-framed body over the buffer limit. */
export class LimitExceededError extends EnvelopeError {
  /** Always `'LIMIT_EXCEEDED'`. */
  declare readonly code: 'LIMIT_EXCEEDED';
  constructor(message: string, options?: { cause?: unknown }) {
    super('LIMIT_EXCEEDED', message, options);
  }
}

/** One key a keyring tried while decrypting, and why it did not open the message. */
export interface KeyAttempt {
  /** The keyring kind, e.g. `aws-kms`, `raw-rsa`, `raw-aes`. */
  readonly keyring: string;
  /** The provider id its EDKs carry, when it differs from `keyring` (a raw keyring's key namespace). */
  readonly providerId?: string;
  /** A KMS key ARN, or `namespace/name` for raw keys. */
  readonly keyId: string;
  /** The AWS region, for KMS keys. */
  readonly region?: string;
  /** Why it failed (`undefined` when it was skipped, e.g. an open circuit breaker). */
  readonly error?: unknown;
  /** A short reason for people and logs. */
  readonly reason?: string;
}

/** No keyring could open any of the message's encrypted data keys. `attempts` lists every try. */
export class NoKeyDecryptedError extends EnvelopeError {
  /** Always `'NO_KEY_DECRYPTED'`. */
  declare readonly code: 'NO_KEY_DECRYPTED';
  /** Every key that was tried (or skipped), with its region and reason. */
  readonly attempts: readonly KeyAttempt[];
  constructor(attempts: readonly KeyAttempt[] = [], message?: string) {
    super('NO_KEY_DECRYPTED', message ?? describeAttempts(attempts));
    this.attempts = attempts;
  }
}

/** A keyring could not do its job on encrypt (e.g. a wrapping key failed and no fewer keys are allowed). */
export class KeyringError extends EnvelopeError {
  /** Always `'KEYRING_FAILED'`. */
  declare readonly code: 'KEYRING_FAILED';
  /** The keys that failed, with their regions and reasons. */
  readonly attempts: readonly KeyAttempt[];
  constructor(message: string, attempts: readonly KeyAttempt[] = [], options?: { cause?: unknown }) {
    super('KEYRING_FAILED', message, options);
    this.attempts = attempts;
  }
}

/** A configuration (options, config file, key file) is invalid; `path` names the bad field. */
export class ConfigError extends EnvelopeError {
  /** Always `'CONFIG'`. */
  declare readonly code: 'CONFIG';
  /** JSON path of the bad field, e.g. `keyring.children[1].keyName`. */
  readonly path: string | undefined;
  constructor(message: string, path?: string, options?: { cause?: unknown }) {
    super('CONFIG', path ? `${path}: ${message}` : message, options);
    this.path = path;
  }
}

/** The caller's AbortSignal fired before the operation finished; `cause` is the signal's reason. */
export class AbortedError extends EnvelopeError {
  /** Always `'ABORTED'`. */
  declare readonly code: 'ABORTED';
  constructor(message = 'the operation was aborted', options?: { cause?: unknown }) {
    super('ABORTED', message, options);
  }
}

/**
 * An argument has the wrong type or shape: a keyring that is not one, ciphertext that is not bytes,
 * plaintext that is neither bytes nor a string. A caller bug, reported before anything is done.
 */
export class InvalidArgumentError extends EnvelopeError {
  /** Always `'INVALID_ARGUMENT'`. */
  declare readonly code: 'INVALID_ARGUMENT';
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_ARGUMENT', message, options);
  }
}

/** Core's error classes, as one union. */
export type CoreEnvelopeError =
  | MalformedMessageError
  | TruncatedMessageError
  | UnsupportedSuiteError
  | AuthenticationError
  | CommitmentMismatchError
  | SignatureError
  | CommitmentPolicyError
  | EncryptionContextError
  | LimitExceededError
  | NoKeyDecryptedError
  | KeyringError
  | ConfigError
  | InvalidArgumentError
  | AbortedError;

/**
 * Every error class of core and of the keyring packages in the program, as one union:
 * `switch (e.code)` on it narrows `e` to the class of that code (e.g. `case 'NO_KEY_DECRYPTED': e.attempts`).
 */
export type AnyEnvelopeError = CoreEnvelopeError | PackageErrors[keyof PackageErrors];

/** True if `e` is one of Envelope's errors; narrows it to {@link AnyEnvelopeError}. */
export function isEnvelopeError(e: unknown): e is AnyEnvelopeError {
  return e instanceof EnvelopeError;
}

/**
 * Throws `new ErrorClass(message)` unless `condition` holds.
 * @example needs(frameLength > 0, MalformedMessageError, 'header: frame length 0 with framed content')
 */
export function needs(
  condition: unknown,
  ErrorClass: new (message: string) => EnvelopeError,
  message: string,
): asserts condition {
  if (!condition) throw new ErrorClass(message);
}

function describeAttempts(attempts: readonly KeyAttempt[]): string {
  if (attempts.length === 0) return 'no keyring could decrypt the data key: none of the encrypted data keys matched a configured key';
  const lines = attempts.map((a) => {
    const where = a.region ? ` (${a.region})` : '';
    const why = a.reason ?? (a.error instanceof Error ? a.error.message : a.error === undefined ? 'skipped' : String(a.error));
    return `  ${a.keyring} ${a.keyId}${where}: ${why}`;
  });
  return `no keyring could decrypt the data key; tried:\n${lines.join('\n')}`;
}
