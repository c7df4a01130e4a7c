/**
 * One family of errors. Every error Envelope raises is an {@link EnvelopeError} with a stable
 * `code`, so callers can branch on `err.code` without parsing messages.
 */
/** Stable error codes. */
export type EnvelopeErrorCode = 'MALFORMED_MESSAGE' | 'TRUNCATED_MESSAGE' | 'UNSUPPORTED_SUITE' | 'AUTHENTICATION_FAILED' | 'COMMITMENT_MISMATCH' | 'SIGNATURE_INVALID' | 'COMMITMENT_POLICY' | 'ENCRYPTION_CONTEXT' | 'LIMIT_EXCEEDED' | 'NO_KEY_DECRYPTED' | 'KEYRING_FAILED' | 'KMS_REQUEST_FAILED' | 'CONFIG' | 'INVALID_ARGUMENT' | 'ABORTED';
/** Base class of every error Envelope raises. */
export declare class EnvelopeError extends Error {
    /** Stable code to branch on, e.g. `'AUTHENTICATION_FAILED'`. */
    readonly code: EnvelopeErrorCode;
    constructor(code: EnvelopeErrorCode, message: string, options?: {
        cause?: unknown;
    });
}
/** The bytes are not a well-formed message (bad field, declared size over a limit, trailing bytes). */
export declare class MalformedMessageError extends EnvelopeError {
    /** Always `'MALFORMED_MESSAGE'`. */
    readonly code: 'MALFORMED_MESSAGE';
    constructor(message: string, options?: {
        cause?: unknown;
    });
}
/** The message ended before its last byte: a cut-off file or stream. */
export declare class TruncatedMessageError extends EnvelopeError {
    /** Always `'TRUNCATED_MESSAGE'`. */
    readonly code: 'TRUNCATED_MESSAGE';
    constructor(message?: string, options?: {
        cause?: unknown;
    });
}
/** The message names an algorithm suite Envelope does not know, or one the caller forbade. */
export declare class UnsupportedSuiteError extends EnvelopeError {
    /** Always `'UNSUPPORTED_SUITE'`. */
    readonly code: 'UNSUPPORTED_SUITE';
    constructor(message: string, options?: {
        cause?: unknown;
    });
}
/**
 * An AES-GCM tag did not verify (header or body). The message is fixed on purpose: it never says
 * which byte or which frame, so it cannot serve as an oracle.
 */
export declare class AuthenticationError extends EnvelopeError {
    /** Always `'AUTHENTICATION_FAILED'`. */
    readonly code: 'AUTHENTICATION_FAILED';
    constructor(options?: {
        cause?: unknown;
    });
}
/** The key commitment in a v2 header does not match the data key that opened it. */
export declare class CommitmentMismatchError extends EnvelopeError {
    /** Always `'COMMITMENT_MISMATCH'`. */
    readonly code: 'COMMITMENT_MISMATCH';
    constructor(message?: string, options?: {
        cause?: unknown;
    });
}
/** The footer signature of a signed suite is missing or does not verify. */
export declare class SignatureError extends EnvelopeError {
    /** Always `'SIGNATURE_INVALID'`. */
    readonly code: 'SIGNATURE_INVALID';
    constructor(message?: string, options?: {
        cause?: unknown;
    });
}
/** The commitment policy forbids this suite (encrypt) or this message (decrypt). */
export declare class CommitmentPolicyError extends EnvelopeError {
    /** Always `'COMMITMENT_POLICY'`. */
    readonly code: 'COMMITMENT_POLICY';
    constructor(message: string, options?: {
        cause?: unknown;
    });
}
/** A reserved `aws-crypto-` key from the caller, or a required pair missing on decrypt. */
export declare class EncryptionContextError extends EnvelopeError {
    /** Always `'ENCRYPTION_CONTEXT'`. */
    readonly code: 'ENCRYPTION_CONTEXT';
    constructor(message: string, options?: {
        cause?: unknown;
    });
}
/** A configured limit was passed: too many encrypted data keys, a non-framed body over the buffer limit. */
export declare class LimitExceededError extends EnvelopeError {
    /** Always `'LIMIT_EXCEEDED'`. */
    readonly code: 'LIMIT_EXCEEDED';
    constructor(message: string, options?: {
        cause?: unknown;
    });
}
/** One key a keyring tried while decrypting, and why it did not open the message. */
export interface KeyAttempt {
    /** The keyring kind, e.g. `aws-kms`, `raw-rsa`, `raw-aes`. */
    readonly keyring: string;
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
export declare class NoKeyDecryptedError extends EnvelopeError {
    /** Always `'NO_KEY_DECRYPTED'`. */
    readonly code: 'NO_KEY_DECRYPTED';
    /** Every key that was tried (or skipped), with its region and reason. */
    readonly attempts: readonly KeyAttempt[];
    constructor(attempts?: readonly KeyAttempt[], message?: string);
}
/** A keyring could not do its job on encrypt (e.g. a wrapping key failed and no fewer keys are allowed). */
export declare class KeyringError extends EnvelopeError {
    /** Always `'KEYRING_FAILED'`. */
    readonly code: 'KEYRING_FAILED';
    /** The keys that failed, with their regions and reasons. */
    readonly attempts: readonly KeyAttempt[];
    constructor(message: string, attempts?: readonly KeyAttempt[], options?: {
        cause?: unknown;
    });
}
/** A KMS call failed (network, timeout, KMS error). */
export declare class KmsRequestError extends EnvelopeError {
    /** Always `'KMS_REQUEST_FAILED'`. */
    readonly code: 'KMS_REQUEST_FAILED';
    /** The KMS key (ARN or alias) of the failed call. */
    readonly keyId: string | undefined;
    /** The AWS region of the failed call. */
    readonly region: string | undefined;
    /** The KMS operation, e.g. `Decrypt`. */
    readonly operation: string | undefined;
    constructor(message: string, details?: {
        keyId?: string;
        region?: string;
        operation?: string;
    }, options?: {
        cause?: unknown;
    });
}
/** A configuration (options, config file, key file) is invalid; `path` names the bad field. */
export declare class ConfigError extends EnvelopeError {
    /** Always `'CONFIG'`. */
    readonly code: 'CONFIG';
    /** JSON path of the bad field, e.g. `keyring.children[1].keyName`. */
    readonly path: string | undefined;
    constructor(message: string, path?: string, options?: {
        cause?: unknown;
    });
}
/** The caller's AbortSignal fired before the operation finished; `cause` is the signal's reason. */
export declare class AbortedError extends EnvelopeError {
    /** Always `'ABORTED'`. */
    readonly code: 'ABORTED';
    constructor(message?: string, options?: {
        cause?: unknown;
    });
}
/**
 * An argument has the wrong type or shape: a keyring that is not one, ciphertext that is not bytes,
 * plaintext that is neither bytes nor a string. A caller bug, reported before anything is done.
 */
export declare class InvalidArgumentError extends EnvelopeError {
    /** Always `'INVALID_ARGUMENT'`. */
    readonly code: 'INVALID_ARGUMENT';
    constructor(message: string, options?: {
        cause?: unknown;
    });
}
/**
 * Every error class Envelope exports, as one union: `switch (e.code)` on it narrows `e` to the
 * class of that code (e.g. `case 'NO_KEY_DECRYPTED': e.attempts`).
 */
export type AnyEnvelopeError = MalformedMessageError | TruncatedMessageError | UnsupportedSuiteError | AuthenticationError | CommitmentMismatchError | SignatureError | CommitmentPolicyError | EncryptionContextError | LimitExceededError | NoKeyDecryptedError | KeyringError | KmsRequestError | ConfigError | InvalidArgumentError | AbortedError;
/** True if `e` is one of Envelope's errors; narrows it to {@link AnyEnvelopeError}. */
export declare function isEnvelopeError(e: unknown): e is AnyEnvelopeError;
/**
 * Throws `new ErrorClass(message)` unless `condition` holds.
 * @example needs(frameLength > 0, MalformedMessageError, 'header: frame length 0 with framed content')
 */
export declare function needs(condition: unknown, ErrorClass: new (message: string) => EnvelopeError, message: string): asserts condition;
//# sourceMappingURL=errors.d.ts.map