/** STS GetCallerIdentity (the Query protocol, XML answers) on a region's endpoint. */
import { randomUUID } from 'node:crypto';
import { KmsError } from '../kms_error.js';
import type { AwsService } from './aws_service.js';
import type { Answer } from './respond.js';

const XML = 'text/xml';

/** Whether a request without a target is STS GetCallerIdentity. */
export const isStsRequest = (target: string, body: Buffer): boolean => !target && /(^|&)Action=GetCallerIdentity(&|$)/.test(body.toString('utf8'));

const esc = (s: string): string => s.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!);

function callerIdentityXml(account: string): string {
  return `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::${account}:user/envelope-local</Arn>
    <UserId>AIDAENVELOPELOCAL0001</UserId>
    <Account>${account}</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>`;
}

const STS_CODES: Readonly<Record<string, string>> = {
  UnrecognizedClientException: 'InvalidClientTokenId',
  InvalidSignatureException: 'SignatureDoesNotMatch',
  MissingAuthenticationTokenException: 'MissingAuthenticationToken',
  IncompleteSignatureException: 'IncompleteSignature',
};

function errorXml(status: number, code: string, message: string): Answer {
  const payload = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${esc(code)}</Code><Message>${esc(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
  return { status, payload, contentType: XML };
}

/** STS names its authentication errors differently from KMS, and answers them with 403. */
function stsFailure(e: KmsError): Answer {
  const code = Object.hasOwn(STS_CODES, e.type) ? STS_CODES[e.type]! : e.type;
  return errorXml(e.status === 500 ? 500 : code === 'IncompleteSignature' ? 400 : 403, code, e.message);
}

export function stsService(accountId: string): AwsService {
  return {
    signingNames: ['sts'],
    operation: () => 'GetCallerIdentity',
    keyId: () => undefined,
    run: () => Promise.resolve({ status: 200, payload: callerIdentityXml(accountId), contentType: XML }),
    failure: (e) => (e instanceof KmsError ? stsFailure(e) : undefined),
    // Faults answer as KMS does on the shared endpoint (JSON), as they always have.
    injected: (kind) =>
      kind === 'error'
        ? { status: 500, payload: { __type: 'KMSInternalException', message: 'kms-local: injected internal error' }, contentType: 'application/x-amz-json-1.1' }
        : { status: 400, payload: { __type: 'ThrottlingException', message: 'kms-local: injected throttling (Rate exceeded)' }, contentType: 'application/x-amz-json-1.1' },
    tooLarge: (limit) => errorXml(413, 'RequestEntityTooLarge', `Request body exceeds ${limit} bytes.`),
  };
}
