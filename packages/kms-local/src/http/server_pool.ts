/** The HTTP servers of a kms-local: listening, tracking connections, and closing them all. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { json, send } from './respond.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export class ServerPool {
  private readonly sockets = new Set<Socket>();
  private readonly servers: Server[] = [];

  /** Starts a server on `host:port` (0: a free port); resolves with its URL once it listens. */
  async listen(host: string, port: number, handler: Handler): Promise<string> {
    const server = createServer((req, res) => {
      handler(req, res).catch(() => {
        if (!res.headersSent) send(res, json(500, { __type: 'KMSInternalException', message: 'kms-local internal error' }, 'application/x-amz-json-1.1'));
      });
    });
    // Idle keep-alive connections stay open for a minute, as AWS endpoints keep them: with a short
    // timeout, a process whose event loop stalls for seconds (a loaded machine) closed connections
    // its clients were reusing at that moment, and they saw ECONNRESET.
    server.keepAliveTimeout = 65_000;
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.servers.push(server);
    const addr = server.address();
    return `http://${host}:${typeof addr === 'object' && addr ? addr.port : 0}`;
  }

  /** Stops every server, ending open (and hanging) connections. */
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await Promise.all(this.servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  }
}
