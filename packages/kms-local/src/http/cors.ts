/**
 * CORS for the AWS routes, so a page on another loopback origin (a dev server on localhost:5173,
 * a test page on 127.0.0.1) can call KMS, STS and DynamoDB through the AWS SDK's browser build.
 * Only loopback origins are allowed: kms-local's default credentials are public, and a page on
 * any other site must not be able to read what it answers.
 */
import type { IncomingMessage } from 'node:http';
import { isLoopbackOrigin } from './loopback.js';
/** Request headers the SDK sends: SigV4's, the SDK's own, and the JSON protocols'. */
const ALLOWED_HEADER = /^(authorization|content-type|x-amz-[a-z0-9-]+|x-amzn-[a-z0-9-]+|amz-sdk-[a-z0-9-]+)$/;
/** Response headers the SDK reads (beyond the CORS-safelisted ones). */
const EXPOSED = 'x-amzn-requestid, x-amzn-errortype, x-amzn-errormessage, x-amz-request-id, x-amz-id-2, x-amz-crc32, date';

/** The CORS headers for an actual request: none unless its Origin is a loopback origin. */
export function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  if (!origin || !isLoopbackOrigin(origin)) return {};
  return { 'access-control-allow-origin': origin, 'access-control-expose-headers': EXPOSED, vary: 'Origin' };
}

/** The answer to a preflight `OPTIONS`: 204 with what the SDK may send, or 403 for other origins. */
export function preflight(req: IncomingMessage): { status: number; headers: Record<string, string> } {
  const cors = corsHeaders(req);
  if (!cors['access-control-allow-origin']) return { status: 403, headers: {} };
  const asked = String(req.headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  const refused = asked.filter((h) => !ALLOWED_HEADER.test(h));
  if (refused.length) return { status: 403, headers: { vary: 'Origin' } };
  return {
    status: 204,
    headers: {
      ...cors,
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': asked.join(', ') || 'authorization, content-type, x-amz-date, x-amz-target, x-amz-user-agent, x-amz-content-sha256, x-amz-security-token, amz-sdk-invocation-id, amz-sdk-request',
      'access-control-max-age': '600',
      vary: 'Origin, Access-Control-Request-Headers',
    },
  };
}
