// Type-level test, compiled by error_codes.test.ts with tsc: the client's AnyEnvelopeError is core's
// errors plus those the keyring packages declare (KMS_REQUEST_FAILED from keyring-kms), and
// `switch (e.code)` narrows `e` to the class of that code. Each case reads a field only that class has.
import type { AnyEnvelopeError, EnvelopeErrorCode } from '@envelope/client';

export function detail(e: AnyEnvelopeError): string {
  switch (e.code) {
    case 'NO_KEY_DECRYPTED':
      return String(e.attempts.length);
    case 'KEYRING_FAILED':
      return String(e.attempts.length);
    case 'KMS_REQUEST_FAILED':
      return `${e.operation ?? ''} ${e.region ?? ''}`;
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

export const kmsCode: EnvelopeErrorCode = 'KMS_REQUEST_FAILED';

export function notNarrowed(e: AnyEnvelopeError): string {
  if (e.code === 'KMS_REQUEST_FAILED') {
    // @ts-expect-error a KmsRequestError has no attempts: the code narrowed the class.
    return String(e.attempts);
  }
  return '';
}
