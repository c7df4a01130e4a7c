/** Writing an answer: JSON or text, with a request id, the error type header, and CORS headers. */
import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';

/** One answer of a service. */
export interface Answer {
  readonly status: number;
  /** A JSON value, or text. */
  readonly payload: unknown;
  readonly contentType: string;
}

/** Sends `a`; `close` ends the connection after it (for bodies left unread). */
export function send(res: ServerResponse, a: Answer, extra: Readonly<Record<string, string>> = {}, close = false): void {
  const body = typeof a.payload === 'string' ? a.payload : JSON.stringify(a.payload);
  const headers: Record<string, string | number> = { ...extra, 'content-type': a.contentType, 'content-length': Buffer.byteLength(body), 'x-amzn-requestid': randomUUID() };
  if (close) headers['connection'] = 'close';
  const type = typeof a.payload === 'object' && a.payload !== null ? (a.payload as { __type?: unknown }).__type : undefined;
  if (a.status >= 400 && typeof type === 'string') headers['x-amzn-errortype'] = type;
  res.writeHead(a.status, headers);
  res.end(body);
}

/** A JSON answer. */
export const json = (status: number, payload: unknown, contentType = 'application/json'): Answer => ({ status, payload, contentType });
