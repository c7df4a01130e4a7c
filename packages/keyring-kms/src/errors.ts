/** The KMS keyring's own error: a region that keeps an encryption from meeting its key policy. */
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
