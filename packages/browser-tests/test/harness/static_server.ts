/**
 * A loopback HTTP server for one test page: `/` is the page, `/page.js` its bundle, and `/blob/ID`
 * moves bytes between the test in Node and the page (a GET hands the page what the test put, a PUT
 * from the page hands the test what it made): faster than passing megabytes through evaluate().
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StaticServer {
  readonly origin: string;
  /** Bytes the page may fetch from `/blob/ID`. */
  put(id: string, bytes: Uint8Array): void;
  /** Bytes the page PUT at `/blob/ID` (undefined if it did not). */
  take(id: string): Uint8Array | undefined;
  close(): Promise<void>;
}

const PAGE = '<!doctype html><meta charset="utf-8"><title>envelope test page</title><script type="module" src="/page.js"></script>';

function body(req: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(new Uint8Array(Buffer.concat(parts))));
    req.on('error', reject);
  });
}

/** `html` replaces the test page (its script at `scriptPath` gets the bundle). */
export async function startStaticServer(js: string, options: { html?: string; scriptPath?: string } = {}): Promise<StaticServer> {
  const html = options.html ?? PAGE;
  const scriptPath = options.scriptPath ?? '/page.js';
  const blobs = new Map<string, Uint8Array>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const blob = /^\/blob\/([\w.-]+)$/.exec(url.pathname)?.[1];
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else if (url.pathname === scriptPath) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(js);
    } else if (blob && req.method === 'GET' && blobs.has(blob)) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(blobs.get(blob));
    } else if (blob && req.method === 'PUT') {
      body(req).then((b) => {
        blobs.set(blob, b);
        res.writeHead(204).end();
      }, () => res.writeHead(500).end());
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    put: (id, bytes) => void blobs.set(id, bytes),
    take: (id) => blobs.get(id),
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
