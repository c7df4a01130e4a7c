/**
 * startKmsLocal: one HTTP server per region on loopback, speaking the AWS KMS JSON 1.1 protocol
 * and STS GetCallerIdentity, with per-region fault injection and a request log.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { KmsError } from './kms_error.js';
import { isOperation, runOperation, type RegionContext } from './operations.js';
import { MAX_BODY, readBody } from './internal/http_body.js';
import { adminRefusal } from './internal/admin_guard.js';
import { StateStore } from './state_store.js';
import { verifySigV4, type Credentials } from './sigv4_verifier.js';

/** Default credentials kms-local accepts (printed at start). Not secret: kms-local is for tests. */
export const DEFAULT_CREDENTIALS: Credentials = Object.freeze({ accessKeyId: 'AKIAENVELOPELOCAL000', secretAccessKey: 'envelope-local-secret-access-key' });
/** Account id kms-local answers by default. */
export const DEFAULT_ACCOUNT_ID = '111122223333';

/** How a region misbehaves (see the README). */
export type FaultMode = 'none' | 'down' | 'hang' | 'error' | 'throttle' | 'latency';
/** A fault injected into one region. */
export interface Fault {
  /** What goes wrong. */
  readonly mode: FaultMode;
  /** Added delay for `latency`, ms. */
  readonly ms?: number;
}

/** One request as it arrived, and how it was answered. */
export interface RequestLogEntry {
  /** ms since the epoch, at arrival. */
  time: number;
  /** ms since the epoch, when answered (absent while pending, or if dropped/hung). */
  endTime?: number;
  /** Region of the server that got the request. */
  region: string;
  /** KMS operation, or `GetCallerIdentity`. */
  operation: string;
  /** The KeyId (or TargetKeyId) of the request, as sent. */
  keyId?: string;
  /** HTTP status, or what a fault did with it. */
  status: number | 'dropped' | 'hung' | 'pending';
}

/** Options of {@link startKmsLocal}. */
export interface KmsLocalOptions {
  /** Regions to serve, one server each. */
  readonly regions: readonly string[];
  /** Port of the first region (region i on port + i); 0 (default) picks free ports. */
  readonly port?: number;
  /** Address to bind (default 127.0.0.1). */
  readonly host?: string;
  /** Where keys and aliases persist; default a fresh temp dir. */
  readonly stateDir?: string;
  /** Account id answered by STS and used in ARNs. */
  readonly accountId?: string;
  /** Access key id requests must be signed with. */
  readonly accessKeyId?: string;
  /** Secret key requests must be signed with. */
  readonly secretAccessKey?: string;
  /**
   * How long a new multi-region replica stays in the `Creating` state before it becomes `Enabled`,
   * ms (default 200). AWS takes a few seconds; callers poll DescribeKey ({@link waitForReplica}).
   */
  readonly replicaDelayMs?: number;
}

/** A running kms-local. */
export interface KmsLocal {
  /** region → `http://127.0.0.1:PORT` */
  readonly endpoints: Record<string, string>;
  /** Account id in ARNs and STS answers. */
  readonly accountId: string;
  /** Credentials clients must sign with. */
  readonly credentials: Credentials;
  /** Where keys and aliases persist. */
  readonly stateDir: string;
  /** Injects a fault into one region (`{ mode: 'none' }` clears it). */
  setFault(region: string, fault: Fault): void;
  /** The request log, of one region or all. */
  requests(region?: string): RequestLogEntry[];
  /** Empties the request log. */
  clearRequests(region?: string): void;
  /** Stops every server, ending hanging connections. */
  close(): Promise<void>;
}

const FAULT_MODES: readonly FaultMode[] = ['none', 'down', 'hang', 'error', 'throttle', 'latency'];
const DEFAULT_REPLICA_DELAY_MS = 200;

/** Starts one server per region; resolves once every one listens. */
export async function startKmsLocal(options: KmsLocalOptions): Promise<KmsLocal> {
  if (!options.regions.length) throw new Error('kms-local: at least one region is needed');
  const host = options.host ?? '127.0.0.1';
  const accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
  const credentials: Credentials = {
    accessKeyId: options.accessKeyId ?? DEFAULT_CREDENTIALS.accessKeyId,
    secretAccessKey: options.secretAccessKey ?? DEFAULT_CREDENTIALS.secretAccessKey,
  };
  const stateDir = options.stateDir ?? mkdtempSync(path.join(tmpdir(), 'kms-local-'));
  const store = new StateStore(stateDir);
  const faults = new Map<string, Fault>();
  const log: RequestLogEntry[] = [];
  const sockets = new Set<Socket>();
  const servers: Server[] = [];
  const endpoints: Record<string, string> = {};

  const setFault = (region: string, fault: Fault): void => {
    if (!FAULT_MODES.includes(fault.mode)) throw new Error(`kms-local: unknown fault mode ${String(fault.mode)}`);
    faults.set(region, fault);
  };

  for (const [i, region] of options.regions.entries()) {
    const ctx: RegionContext = { region, accountId, store, regions: options.regions, replicaDelayMs: options.replicaDelayMs ?? DEFAULT_REPLICA_DELAY_MS };
    const server = createServer((req, res) => {
      handle(ctx, req, res).catch(() => {
        if (!res.headersSent) send(res, 500, { __type: 'KMSInternalException', message: 'kms-local internal error' });
      });
    });
    server.keepAliveTimeout = 5000;
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ? options.port + i : 0, host, () => resolve());
    });
    const addr = server.address();
    endpoints[region] = `http://${host}:${typeof addr === 'object' && addr ? addr.port : 0}`;
    servers.push(server);
  }

  async function handle(ctx: RegionContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    if (url.startsWith('/__admin/')) return admin(ctx.region, req, res, url);
    const target = String(req.headers['x-amz-target'] ?? '');
    const body = await readBody(req);
    if (body === 'too-large') {
      const operation = target.startsWith('TrentService.') ? target.slice('TrentService.'.length) : 'Unknown';
      log.push({ time: Date.now(), endTime: Date.now(), region: ctx.region, operation, status: 413 });
      return send(res, 413, { __type: 'RequestEntityTooLargeException', message: `Request body exceeds ${MAX_BODY} bytes.` }, undefined, true);
    }
    const isSts = !target && /(^|&)Action=GetCallerIdentity(&|$)/.test(body.toString('utf8'));
    const operation = target.startsWith('TrentService.') ? target.slice('TrentService.'.length) : isSts ? 'GetCallerIdentity' : target || 'Unknown';
    const input = isSts ? undefined : parseJsonObject(body);
    const k = input ? (input['KeyId'] ?? input['TargetKeyId'] ?? input['DestinationKeyId']) : undefined;
    const entry: RequestLogEntry = { time: Date.now(), region: ctx.region, operation, status: 'pending', ...(typeof k === 'string' ? { keyId: k } : {}) };
    log.push(entry);
    const answer = (status: number, payload: unknown, contentType?: string): void => {
      entry.status = status;
      entry.endTime = Date.now();
      send(res, status, payload, contentType);
    };
    const fault = faults.get(ctx.region) ?? { mode: 'none' };
    if (fault.mode === 'down') {
      entry.status = 'dropped';
      req.socket.destroy();
      return;
    }
    if (fault.mode === 'hang') {
      entry.status = 'hung';
      return;
    }
    if (fault.mode === 'latency') await new Promise((r) => setTimeout(r, fault.ms ?? 0));
    if (fault.mode === 'error') return answer(500, { __type: 'KMSInternalException', message: 'kms-local: injected internal error' });
    if (fault.mode === 'throttle') return answer(400, { __type: 'ThrottlingException', message: 'kms-local: injected throttling (Rate exceeded)' });
    try {
      await verifySigV4({ method: req.method ?? 'POST', path: url.split('?')[0] ?? '/', headers: req.headers, body }, credentials, ctx.region, isSts ? ['sts'] : ['kms']);
      if (isSts) return answer(200, callerIdentityXml(accountId), 'text/xml');
      if (req.method !== 'POST') throw new KmsError('UnknownOperationException', 'kms-local answers POST only.');
      if (!isOperation(operation)) throw new KmsError('UnknownOperationException', `Unknown operation ${operation}`);
      if (!input) throw new KmsError('SerializationException', 'The request body is not a JSON object.');
      answer(200, await runOperation(ctx, operation, input));
    } catch (e) {
      if (!(e instanceof KmsError)) throw e;
      if (isSts) {
        const sts = stsError(e);
        return answer(sts.status, stsErrorXml(sts.code, e.message), 'text/xml');
      }
      answer(e.status, { __type: e.type, message: e.message });
    }
  }

  async function admin(region: string, req: IncomingMessage, res: ServerResponse, url: string): Promise<void> {
    const refusal = adminRefusal(req);
    if (refusal) return send(res, refusal.status, { message: refusal.message }, 'application/json', true);
    if (url === '/__admin/fault' && req.method === 'POST') {
      const body = await readBody(req);
      if (body === 'too-large') return send(res, 413, { message: 'body too large' }, 'application/json', true);
      try {
        const f = JSON.parse(body.toString('utf8') || '{}') as Fault;
        setFault(region, f);
        return send(res, 200, { region, fault: f }, 'application/json');
      } catch (e) {
        return send(res, 400, { message: e instanceof Error ? e.message : String(e) }, 'application/json');
      }
    }
    if (url === '/__admin/fault' && req.method === 'GET') return send(res, 200, faults.get(region) ?? { mode: 'none' }, 'application/json');
    if (url === '/__admin/requests' && req.method === 'GET') return send(res, 200, log.filter((e) => e.region === region), 'application/json');
    if (url === '/__admin/requests' && req.method === 'DELETE') {
      clear(region);
      return send(res, 200, {}, 'application/json');
    }
    send(res, 404, { message: 'unknown admin route' }, 'application/json');
  }

  function clear(region?: string): void {
    for (let i = log.length - 1; i >= 0; i--) if (!region || log[i]!.region === region) log.splice(i, 1);
  }

  return {
    endpoints,
    accountId,
    credentials,
    stateDir,
    setFault,
    requests: (region) => log.filter((e) => !region || e.region === region).map((e) => ({ ...e })),
    clearRequests: clear,
    async close() {
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    },
  };
}

/** The body as a JSON object, or undefined if it is not one (an empty body is `{}`). */
function parseJsonObject(body: Buffer): Record<string, unknown> | undefined {
  if (!body.length) return {};
  try {
    const v: unknown = JSON.parse(body.toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, status: number, payload: unknown, contentType = 'application/x-amz-json-1.1', close = false): void {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const headers: Record<string, string | number> = { 'content-type': contentType, 'content-length': Buffer.byteLength(body), 'x-amzn-requestid': randomUUID() };
  if (close) headers['connection'] = 'close';
  if (status >= 400 && typeof payload === 'object' && payload && '__type' in payload) headers['x-amzn-errortype'] = String((payload as { __type: string }).__type);
  res.writeHead(status, headers);
  res.end(body);
}

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

/** STS names its authentication errors differently from KMS, and answers them with 403. */
function stsError(e: KmsError): { code: string; status: number } {
  const codes: Readonly<Record<string, string>> = {
    UnrecognizedClientException: 'InvalidClientTokenId',
    InvalidSignatureException: 'SignatureDoesNotMatch',
    MissingAuthenticationTokenException: 'MissingAuthenticationToken',
    IncompleteSignatureException: 'IncompleteSignature',
  };
  const code = Object.hasOwn(codes, e.type) ? codes[e.type]! : e.type;
  return { code, status: e.status === 500 ? 500 : code === 'IncompleteSignature' ? 400 : 403 };
}

function stsErrorXml(code: string, message: string): string {
  const esc = (s: string): string => s.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!);
  return `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${esc(code)}</Code><Message>${esc(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
}
