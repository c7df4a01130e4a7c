/** DynamoDB (JSON 1.0, `X-Amz-Target: DynamoDB_20120810.*`, SigV4 service `dynamodb`) on a region's endpoint. */
import { KmsError } from '../kms_error.js';
import { parseJsonObject, type AwsService } from '../http/aws_service.js';
import { json } from '../http/respond.js';
import { DdbError, ddbErrorType } from './ddb_error.js';
import type { DdbContext } from './ddb_context.js';
import { runDdbOperation } from './dynamodb_operations.js';

const PREFIX = 'DynamoDB_20120810.';
const CONTENT_TYPE = 'application/x-amz-json-1.0';

/** Whether a request's target names DynamoDB. */
export const isDynamoDbTarget = (target: string): boolean => target.startsWith(PREFIX);

const answer = (e: DdbError) => json(e.status, e.body(), CONTENT_TYPE);

export function dynamoDbService(ctx: DdbContext): AwsService {
  return {
    signingNames: ['dynamodb'],
    operation: (target) => target.slice(PREFIX.length) || 'Unknown',
    keyId: () => undefined,
    run(operation, body) {
      const input = parseJsonObject(body);
      if (!input) throw new DdbError('SerializationException', 'Start of structure or map found where not expected.');
      return Promise.resolve(json(200, runDdbOperation(ctx, operation, input), CONTENT_TYPE));
    },
    failure(e) {
      if (e instanceof DdbError) return answer(e);
      // Signature checks are shared with KMS and use the same error names as DynamoDB.
      if (e instanceof KmsError) return answer(new DdbError(e.type, e.message, e.status));
      return undefined;
    },
    injected: (kind) =>
      kind === 'error'
        ? answer(new DdbError('InternalServerError', 'kms-local: injected internal error', 500))
        : answer(new DdbError('ThrottlingException', 'kms-local: injected throttling (Rate of requests exceeds the allowed throughput.)')),
    tooLarge: (limit) => json(413, { __type: ddbErrorType('RequestEntityTooLargeException'), message: `Request body exceeds ${limit} bytes.` }, CONTENT_TYPE),
  };
}
