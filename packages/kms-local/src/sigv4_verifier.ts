/**
 * Verifies AWS Signature Version 4 on incoming requests by computing the expected signature with
 * @smithy/signature-v4 (the same signer the AWS SDK uses) over the headers the client signed.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { KmsError } from './kms_error.js';

const Sha256 = Hash.bind(null, 'sha256');
const MAX_SKEW_MS = 5 * 60 * 1000;
const AUTH = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/;

/** AWS credentials (kms-local's are not secret). */
export interface Credentials {
  /** Access key id. */
  readonly accessKeyId: string;
  /** Secret access key. */
  readonly secretAccessKey: string;
}

/** Throws a KmsError unless the request is signed by `credentials` for `region` and `service`. */
export async function verifySigV4(
  req: { method: string; path: string; headers: IncomingHttpHeaders; body: Buffer },
  credentials: Credentials,
  region: string,
  services: readonly string[],
): Promise<string> {
  const auth = req.headers['authorization'];
  if (typeof auth !== 'string') throw new KmsError('MissingAuthenticationTokenException', 'Request is missing Authentication Token');
  const m = AUTH.exec(auth);
  if (!m) throw new KmsError('IncompleteSignatureException', 'Authorization header is malformed.');
  const [, accessKeyId, day, scopeRegion, service, signedHeaders, signature] = m;
  if (accessKeyId !== credentials.accessKeyId) throw new KmsError('UnrecognizedClientException', 'The security token included in the request is invalid.');
  if (scopeRegion !== region) throw new KmsError('InvalidSignatureException', `Credential should be scoped to a valid region, not '${scopeRegion}'; this endpoint serves ${region}.`);
  if (!services.includes(service!)) throw new KmsError('InvalidSignatureException', `Credential should be scoped to correct service: '${services[0]}'.`);
  const amzDate = req.headers['x-amz-date'];
  if (typeof amzDate !== 'string' || !/^\d{8}T\d{6}Z$/.test(amzDate) || amzDate.slice(0, 8) !== day) {
    throw new KmsError('InvalidSignatureException', 'X-Amz-Date is missing or does not match the credential scope.');
  }
  const signingDate = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  if (Math.abs(Date.now() - signingDate.getTime()) > MAX_SKEW_MS) throw new KmsError('InvalidSignatureException', 'Signature expired: the request time is too far from the server time.');
  const bodyHash = createHash('sha256').update(req.body).digest('hex');
  const claimed = req.headers['x-amz-content-sha256'];
  // The body is always part of what is verified: a claimed hash (UNSIGNED-PAYLOAD included) must be
  // the body's, else the signature would cover a header instead of the bytes.
  if (claimed !== undefined && claimed !== bodyHash) {
    throw new KmsError('InvalidSignatureException', 'The provided x-amz-content-sha256 header does not match the request body (unsigned payloads are not accepted).');
  }
  const names = signedHeaders!.split(';');
  if (!names.includes('host')) throw new KmsError('InvalidSignatureException', 'The host header must be signed.');
  const headers: Record<string, string> = {};
  for (const n of names) {
    const v = req.headers[n];
    if (v === undefined) throw new KmsError('InvalidSignatureException', `Signed header ${n} is missing.`);
    headers[n] = Array.isArray(v) ? v.join(',') : v;
  }
  const signer = new SignatureV4({ credentials, region, service: service!, sha256: Sha256, applyChecksum: false });
  const request = new HttpRequest({ method: req.method, protocol: 'http:', hostname: 'localhost', path: req.path, headers, body: req.body });
  const signed = await signer.sign(request, { signingDate, signingRegion: region, signingService: service!, signableHeaders: new Set(names) });
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers['authorization']))?.[1] ?? '';
  if (expected.length !== signature!.length || !timingSafeEqual(Buffer.from(expected), Buffer.from(signature!))) {
    throw new KmsError('InvalidSignatureException', 'The request signature we calculated does not match the signature you provided.');
  }
  return service!;
}
