// Type-level test, compiled by errors.test.ts with tsc: `switch (e.code)` on AnyEnvelopeError
// narrows `e` to the class of that code. Each case reads a field only that class has.
import type { AnyEnvelopeError } from '@envelope/core';

export function detail(e: AnyEnvelopeError): string {
  switch (e.code) {
    case 'NO_KEY_DECRYPTED':
      return String(e.attempts.length);
    case 'KEYRING_FAILED':
      return String(e.attempts.length);
    case 'CONFIG':
      return e.path ?? '';
    case 'MALFORMED_MESSAGE':
    case 'TRUNCATED_MESSAGE':
    case 'UNSUPPORTED_SUITE':
    case 'AUTHENTICATION_FAILED':
    case 'COMMITMENT_MISMATCH':
    case 'SIGNATURE_INVALID':
    case 'COMMITMENT_POLICY':
    case 'ENCRYPTION_CONTEXT':
    case 'LIMIT_EXCEEDED':
    case 'INVALID_ARGUMENT':
    case 'ABORTED':
      return e.message;
    default: {
      // Exhaustive: every code of the union is handled above.
      const none: never = e;
      return none;
    }
  }
}

export function notNarrowed(e: AnyEnvelopeError): string {
  if (e.code === 'CONFIG') {
    // @ts-expect-error a ConfigError has no attempts: the code narrowed the class.
    return String(e.attempts);
  }
  return '';
}
