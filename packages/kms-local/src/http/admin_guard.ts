/**
 * Who may call the admin routes: only requests a browser page on another site cannot make. A
 * state-changing request must carry `Content-Type: application/json` (which a cross-site page can
 * only send after a CORS preflight kms-local never approves); no request may carry a cross-site
 * `Origin` or `Sec-Fetch-Site`; the Host must be a loopback name (no DNS rebinding).
 */
import type { IncomingMessage } from 'node:http';
import { isLoopbackHost } from './loopback.js';

/** Why the request is refused (status and message), or undefined if it may proceed. */
export function adminRefusal(req: IncomingMessage): { status: number; message: string } | undefined {
  const host = req.headers.host ?? '';
  if (!isLoopbackHost(host)) return { status: 403, message: 'admin routes answer loopback Host names only' };
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) return { status: 403, message: 'admin routes refuse cross-site requests' };
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return { status: 403, message: 'admin routes refuse cross-site requests' };
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const needsJson = req.method !== 'GET' && req.method !== 'HEAD';
  if ((needsJson || type) && type !== 'application/json') return { status: 415, message: 'admin routes take application/json only' };
  return undefined;
}
