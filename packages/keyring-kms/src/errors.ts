/** The KMS keyring's own errors: a region that keeps an encryption from meeting its key policy; an answer for another key. */
import { KeyringError, type KeyAttempt } from '@envelope/core';

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
