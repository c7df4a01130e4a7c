/**
 * A DynamoDB error as the service answers it: `__type` carries the Coral namespace of the error
 * (the AWS SDK keeps the part after `#`), and some errors carry members of their own
 * (`CancellationReasons`, `Item`).
 */

const NAMESPACES: Readonly<Record<string, string>> = {
  ValidationException: 'com.amazon.coral.validate',
  SerializationException: 'com.amazon.coral.service',
  UnknownOperationException: 'com.amazon.coral.service',
  UnrecognizedClientException: 'com.amazon.coral.service',
  InvalidSignatureException: 'com.amazon.coral.service',
  IncompleteSignatureException: 'com.amazon.coral.service',
  MissingAuthenticationTokenException: 'com.amazon.coral.service',
  RequestEntityTooLargeException: 'com.amazon.coral.service',
  ThrottlingException: 'com.amazon.coral.availability',
};

/** The `__type` DynamoDB answers for an error named `name`. */
export function ddbErrorType(name: string): string {
  const ns = Object.hasOwn(NAMESPACES, name) ? NAMESPACES[name]! : 'com.amazonaws.dynamodb.v20120810';
  return `${ns}#${name}`;
}

export class DdbError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
    /** Members of the error besides `__type` and the message. */
    readonly extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }

  /** The JSON body AWS answers. TransactionCanceledException spells its message `Message`. */
  body(): Record<string, unknown> {
    const key = this.type === 'TransactionCanceledException' ? 'Message' : 'message';
    return { __type: ddbErrorType(this.type), [key]: this.message, ...this.extra };
  }
}

/** A ValidationException, the answer to most malformed requests. */
export const invalid = (message: string): DdbError => new DdbError('ValidationException', message);

/** The message AWS gives when one member breaks its constraint. */
export const constraint = (value: string, member: string, rule: string): DdbError =>
  invalid(`1 validation error detected: Value ${value} at '${member}' failed to satisfy constraint: ${rule}`);
