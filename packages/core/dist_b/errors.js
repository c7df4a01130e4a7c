/**
 * One family of errors. Every error Envelope raises is an {@link EnvelopeError} with a stable
 * `code`, so callers can branch on `err.code` without parsing messages.
 */
/** Base class of every error Envelope raises. */
export class EnvelopeError extends Error {
    /** Stable code to branch on, e.g. `'AUTHENTICATION_FAILED'`. */
    code;
    constructor(code, message, options) {
        super(message, options);
        this.code = code;
        this.name = new.target.name;
    }
}
/** The bytes are not a well-formed message (bad field, declared size over a limit, trailing bytes). */
export class MalformedMessageError extends EnvelopeError {
    constructor(message, options) {
        super('MALFORMED_MESSAGE', message, options);
    }
}
/** The message ended before its last byte: a cut-off file or stream. */
export class TruncatedMessageError extends EnvelopeError {
    constructor(message = 'message is truncated', options) {
        super('TRUNCATED_MESSAGE', message, options);
    }
}
/** The message names an algorithm suite Envelope does not know, or one the caller forbade. */
export class UnsupportedSuiteError extends EnvelopeError {
    constructor(message, options) {
        super('UNSUPPORTED_SUITE', message, options);
    }
}
/**
 * An AES-GCM tag did not verify (header or body). The message is fixed on purpose: it never says
 * which byte or which frame, so it cannot serve as an oracle.
 */
export class AuthenticationError extends EnvelopeError {
    constructor(options) {
        super('AUTHENTICATION_FAILED', 'message authentication failed', options);
    }
}
/** The key commitment in a v2 header does not match the data key that opened it. */
export class CommitmentMismatchError extends EnvelopeError {
    constructor(message = 'key commitment does not match the data key', options) {
        super('COMMITMENT_MISMATCH', message, options);
    }
}
/** The footer signature of a signed suite is missing or does not verify. */
export class SignatureError extends EnvelopeError {
    constructor(message = 'message signature is invalid', options) {
        super('SIGNATURE_INVALID', message, options);
    }
}
/** The commitment policy forbids this suite (encrypt) or this message (decrypt). */
export class CommitmentPolicyError extends EnvelopeError {
    constructor(message, options) {
        super('COMMITMENT_POLICY', message, options);
    }
}
/** A reserved `aws-crypto-` key from the caller, or a required pair missing on decrypt. */
export class EncryptionContextError extends EnvelopeError {
    constructor(message, options) {
        super('ENCRYPTION_CONTEXT', message, options);
    }
}
/** A configured limit was passed: too many encrypted data keys, a non-framed body over the buffer limit. */
export class LimitExceededError extends EnvelopeError {
    constructor(message, options) {
        super('LIMIT_EXCEEDED', message, options);
    }
}
/** No keyring could open any of the message's encrypted data keys. `attempts` lists every try. */
export class NoKeyDecryptedError extends EnvelopeError {
    /** Every key that was tried (or skipped), with its region and reason. */
    attempts;
    constructor(attempts = [], message) {
        super('NO_KEY_DECRYPTED', message ?? describeAttempts(attempts));
        this.attempts = attempts;
    }
}
/** A keyring could not do its job on encrypt (e.g. a wrapping key failed and no fewer keys are allowed). */
export class KeyringError extends EnvelopeError {
    /** The keys that failed, with their regions and reasons. */
    attempts;
    constructor(message, attempts = [], options) {
        super('KEYRING_FAILED', message, options);
        this.attempts = attempts;
    }
}
/** A KMS call failed (network, timeout, KMS error). */
export class KmsRequestError extends EnvelopeError {
    /** The KMS key (ARN or alias) of the failed call. */
    keyId;
    /** The AWS region of the failed call. */
    region;
    /** The KMS operation, e.g. `Decrypt`. */
    operation;
    constructor(message, details = {}, options) {
        super('KMS_REQUEST_FAILED', message, options);
        this.keyId = details.keyId;
        this.region = details.region;
        this.operation = details.operation;
    }
}
/** A configuration (options, config file, key file) is invalid; `path` names the bad field. */
export class ConfigError extends EnvelopeError {
    /** JSON path of the bad field, e.g. `keyring.children[1].keyName`. */
    path;
    constructor(message, path, options) {
        super('CONFIG', path ? `${path}: ${message}` : message, options);
        this.path = path;
    }
}
/** The caller's AbortSignal fired before the operation finished; `cause` is the signal's reason. */
export class AbortedError extends EnvelopeError {
    constructor(message = 'the operation was aborted', options) {
        super('ABORTED', message, options);
    }
}
/**
 * An argument has the wrong type or shape: a keyring that is not one, ciphertext that is not bytes,
 * plaintext that is neither bytes nor a string. A caller bug, reported before anything is done.
 */
export class InvalidArgumentError extends EnvelopeError {
    constructor(message, options) {
        super('INVALID_ARGUMENT', message, options);
    }
}
/** True if `e` is one of Envelope's errors; narrows it to {@link AnyEnvelopeError}. */
export function isEnvelopeError(e) {
    return e instanceof EnvelopeError;
}
/**
 * Throws `new ErrorClass(message)` unless `condition` holds.
 * @example needs(frameLength > 0, MalformedMessageError, 'header: frame length 0 with framed content')
 */
export function needs(condition, ErrorClass, message) {
    if (!condition)
        throw new ErrorClass(message);
}
function describeAttempts(attempts) {
    if (attempts.length === 0)
        return 'no keyring could decrypt the data key: none of the encrypted data keys matched a configured key';
    const lines = attempts.map((a) => {
        const where = a.region ? ` (${a.region})` : '';
        const why = a.reason ?? (a.error instanceof Error ? a.error.message : a.error === undefined ? 'skipped' : String(a.error));
        return `  ${a.keyring} ${a.keyId}${where}: ${why}`;
    });
    return `no keyring could decrypt the data key; tried:\n${lines.join('\n')}`;
}
//# sourceMappingURL=errors.js.map