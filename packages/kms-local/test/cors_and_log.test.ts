// CORS on kms-local's AWS routes (for pages on another loopback origin using the AWS SDK's browser
// build), none on its admin routes; and the request log's cap of 10,000 entries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { startKmsLocal, type KmsLocal } from '@envelope/kms-local';

const REGION = 'us-east-1';
const PAGE = 'http://localhost:5173';
let local: KmsLocal;
let endpoint: string;

beforeAll(async () => {
  local = await startKmsLocal({ regions: [REGION] });
  endpoint = local.endpoints[REGION]!;
});
afterAll(() => local.close());

/** Runs one SDK call as a page on `origin` would (the browser adds Origin); returns the request's header names and the response's headers. */
async function asPage<C extends KMSClient | DynamoDBClient>(c: C, send: (c: C) => Promise<unknown>, origin: string): Promise<{ sent: string[]; got: Record<string, string> }> {
  const seen = { sent: [] as string[], got: {} as Record<string, string> };
  c.middlewareStack.add(
    (next) => async (args) => {
      const req = (args as { request: { headers: Record<string, string> } }).request;
      seen.sent = Object.keys(req.headers).map((h) => h.toLowerCase());
      req.headers['origin'] = origin;
      const out = await next(args);
      seen.got = (out.response as { headers: Record<string, string> }).headers;
      return out;
    },
    { step: 'deserialize', name: 'pageOrigin' },
  );
  try {
    await send(c);
  } finally {
    c.destroy();
  }
  return seen;
}

async function preflightFor(origin: string, headers: readonly string[], url = endpoint): Promise<Response> {
  return fetch(url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': headers.join(',') } });
}

/** Headers a browser never lists in a preflight (it sets them itself, or they are CORS-safelisted). */
const BROWSER_OWN = new Set(['host', 'content-length', 'user-agent', 'origin']);

describe('CORS on the AWS routes', () => {
  it('a preflight for exactly the headers the SDK sends (KMS and DynamoDB) is approved for a loopback page', async () => {
    const opts = { region: REGION, endpoint, credentials: local.credentials, maxAttempts: 1 };
    for (const [name, run] of [
      ['kms', () => asPage(new KMSClient(opts), (c) => c.send(new ListKeysCommand({})), PAGE)],
      ['dynamodb', () => asPage(new DynamoDBClient(opts), (c) => c.send(new ListTablesCommand({})), PAGE)],
    ] as const) {
      const { sent, got } = await run();
      const listed = sent.filter((h) => !BROWSER_OWN.has(h));
      expect(listed, name).toEqual(expect.arrayContaining(['authorization', 'content-type', 'x-amz-date', 'x-amz-target', 'amz-sdk-invocation-id']));
      const res = await preflightFor(PAGE, listed);
      expect(res.status, name).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(PAGE);
      expect(res.headers.get('access-control-allow-methods')).toContain('POST');
      const allowed = (res.headers.get('access-control-allow-headers') ?? '').split(',').map((h) => h.trim());
      expect(allowed).toEqual(expect.arrayContaining(listed));
      // The answer to the call itself lets the page read it, and the headers the SDK reads.
      expect(got['access-control-allow-origin'], name).toBe(PAGE);
      expect(got['access-control-expose-headers']).toContain('x-amzn-requestid');
      expect(got['access-control-expose-headers']).toContain('x-amzn-errortype');
      expect(got['access-control-expose-headers']).toContain('date');
    }
  });

  it('every loopback origin is allowed, other sites are not', async () => {
    for (const origin of ['http://127.0.0.1:8080', 'http://localhost', 'http://[::1]:3000', 'https://localhost:8443']) {
      expect((await preflightFor(origin, ['authorization'])).headers.get('access-control-allow-origin')).toBe(origin);
    }
    for (const origin of ['http://evil.example', 'http://localhost.evil.example', 'null', 'http://127.0.0.1.evil.example']) {
      const res = await preflightFor(origin, ['authorization']);
      expect(res.status).toBe(403);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
    const { got } = await asPage(new DynamoDBClient({ region: REGION, endpoint, credentials: local.credentials, maxAttempts: 1 }), (c) => c.send(new ListTablesCommand({})), 'http://evil.example');
    expect(got['access-control-allow-origin']).toBeUndefined();
  });

  it('a region that is down drops its preflights too', async () => {
    local.setFault(REGION, { mode: 'down' });
    try {
      expect(await preflightFor(PAGE, ['authorization']).then(() => 'answered', () => 'dropped')).toBe('dropped');
    } finally {
      local.setFault(REGION, { mode: 'none' });
    }
    expect((await preflightFor(PAGE, ['authorization'])).status).toBe(204);
  });

  it('a preflight asking for a header the SDK never sends is refused', async () => {
    const res = await preflightFor(PAGE, ['authorization', 'x-custom-secret']);
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('the admin routes stay non-CORS: no preflight approval, no Allow-Origin, JSON only', async () => {
    for (const route of ['/__admin/fault', '/__admin/requests']) {
      const res = await preflightFor(PAGE, ['content-type'], `${endpoint}${route}`);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
    const same = await fetch(`${endpoint}/__admin/requests`, { headers: { origin: PAGE } });
    expect(same.status).toBe(403);
    expect(same.headers.get('access-control-allow-origin')).toBeNull();
    const form = await fetch(`${endpoint}/__admin/fault`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"mode":"down"}' });
    expect(form.status).toBe(415);
  });
});

describe('the request log', () => {
  it('keeps the most recent 10,000 entries', async () => {
    local.clearRequests();
    // Pipelined on a few connections: the server does the same work per request, the test little.
    const url = new URL(endpoint);
    const request = (operation: string): string =>
      `POST / HTTP/1.1\r\nHost: ${url.host}\r\nX-Amz-Target: TrentService.${operation}\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 2\r\n\r\n{}`;
    const pipelined = (operation: string, n: number): Promise<void> =>
      new Promise((resolve, reject) => {
        const s = connect(Number(url.port), url.hostname);
        let text = '';
        s.on('data', (d: Buffer) => {
          text += d.toString('latin1');
          if (text.split('HTTP/1.1 ').length - 1 >= n) {
            s.destroy();
            resolve();
          }
        });
        s.on('error', reject);
        s.write(request(operation).repeat(n));
      });
    const burst = async (operation: string, n: number): Promise<void> => {
      const per = Math.ceil(n / 10);
      await Promise.all(Array.from({ length: Math.ceil(n / per) }, (_, i) => pipelined(operation, Math.min(per, n - i * per))));
    };
    await burst('First', 25);
    await burst('Rest', 10_000);
    const log = local.requests();
    expect(log.length).toBe(10_000);
    expect(log.every((e) => e.operation === 'Rest' && e.status === 400)).toBe(true);
    await burst('Last', 5);
    const after = local.requests(REGION);
    expect(after.length).toBe(10_000);
    expect(after.slice(-5).map((e) => e.operation)).toEqual(['Last', 'Last', 'Last', 'Last', 'Last']);
    const overHttp = (await (await fetch(`${endpoint}/__admin/requests`)).json()) as unknown[];
    expect(overHttp.length).toBe(10_000);
  });
});
