/**
 * The KMS keyring's own errors: a failed KMS call; a region that keeps an encryption from meeting
 * its key policy; an answer for another key.
 */
import { EnvelopeError, KeyringError, type KeyAttempt } from '@envelope/core';

declare module '@envelope/core' {
  /** `KMS_REQUEST_FAILED` joins core's codes (see core's `PackageErrors`). */
  interface PackageErrors {
    KMS_REQUEST_FAILED: KmsRequestError;
  }
}

/** Code of {@link KmsRequestError}. */
export type KmsErrorCode = 'KMS_REQUEST_FAILED';

/** A KMS call failed (network, timeout, KMS error). */
export class KmsRequestError extends EnvelopeError {
  /** Always `'KMS_REQUEST_FAILED'`. */
  declare readonly code: 'KMS_REQUEST_FAILED';
  /** The KMS key (ARN or alias) of the failed call. */
  readonly keyId: string | undefined;
  /** The AWS region of the failed call. */
  readonly region: string | undefined;
  /** The KMS operation, e.g. `Decrypt`. */
  readonly operation: string | undefined;
  constructor(
    message: string,
    details: { keyId?: string; region?: string; operation?: string } = {},
    options?: { cause?: unknown },
  ) {
    super('KMS_REQUEST_FAILED', message, options);
    this.keyId = details.keyId;
    this.region = details.region;
    this.operation = details.operation;
  }
}

/**
 * An encryption needed a key in a region that is down, hanging, or whose circuit breaker is open.
 * Thrown at once (no call) while the breaker is open. `regions` names them; with `minKeys` the
 * keyring would have encrypted under the keys that remain.
 */
export class RegionUnavailableError extends KeyringError {
  /** The unavailable regions. */
  readonly regions: readonly string[];
  constructor(message: string, regions: readonly string[], attempts: readonly KeyAttempt[], options?: { cause?: unknown }) {
    super(message, attempts, options);
    this.regions = regions;
  }
}

/**
 * KMS answered an Encrypt or GenerateDataKey with another key than the one asked for (another ARN,
 * or for an alias another account or region): a misrouted endpoint, or one that is not KMS. The
 * EDK is not written and does not count toward `minKeys`; the encryption fails.
 */
export class KmsKeyMismatchError extends KeyringError {
  /** The key id sent (ARN, alias or key id). */
  readonly requested: string;
  /** The KeyId KMS returned. */
  readonly returned: string;
  constructor(operation: string, requested: string, returned: string, region: string) {
    super(`${operation} with ${requested} in ${region} was answered for another key (${returned}); refusing its encrypted data key`, [{ keyring: 'aws-kms', keyId: requested, region, reason: `answered for ${returned}` }]);
    this.requested = requested;
    this.returned = returned;
  }
}
