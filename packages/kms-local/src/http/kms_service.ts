/** KMS (JSON 1.1, `X-Amz-Target: TrentService.*`) on a region's endpoint. */
import { KmsError } from '../kms_error.js';
import { isOperation, runOperation, type RegionContext } from '../operations.js';
import { parseJsonObject, type AwsService } from './aws_service.js';
import { json } from './respond.js';

const PREFIX = 'TrentService.';
const CONTENT_TYPE = 'application/x-amz-json-1.1';

export function kmsService(ctx: RegionContext): AwsService {
  return {
    signingNames: ['kms'],
    operation: (target) => (target.startsWith(PREFIX) ? target.slice(PREFIX.length) : target || 'Unknown'),
    keyId(body) {
      const input = parseJsonObject(body);
      const k = input ? (input['KeyId'] ?? input['TargetKeyId'] ?? input['DestinationKeyId']) : undefined;
      return typeof k === 'string' ? k : undefined;
    },
    async run(operation, body) {
      if (!isOperation(operation)) throw new KmsError('UnknownOperationException', `Unknown operation ${operation}`);
      const input = parseJsonObject(body);
      if (!input) throw new KmsError('SerializationException', 'The request body is not a JSON object.');
      return json(200, await runOperation(ctx, operation, input), CONTENT_TYPE);
    },
    failure: (e) => (e instanceof KmsError ? json(e.status, { __type: e.type, message: e.message }, CONTENT_TYPE) : undefined),
    injected: (kind) =>
      kind === 'error'
        ? json(500, { __type: 'KMSInternalException', message: 'kms-local: injected internal error' }, CONTENT_TYPE)
        : json(400, { __type: 'ThrottlingException', message: 'kms-local: injected throttling (Rate exceeded)' }, CONTENT_TYPE),
    tooLarge: (limit) => json(413, { __type: 'RequestEntityTooLargeException', message: `Request body exceeds ${limit} bytes.` }, CONTENT_TYPE),
  };
}
