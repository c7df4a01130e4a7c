/**
 * One region's endpoint: admin routes, CORS preflights, and the AWS services behind one URL (KMS
 * by `TrentService.*`, DynamoDB by `DynamoDB_20120810.*`, STS by its form body). Every AWS request
 * is logged as it arrives, then meets the region's fault, then SigV4, then its service.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { KmsError } from '../kms_error.js';
import { MAX_BODY, readBody } from '../internal/http_body.js';
import { verifySigV4, type Credentials } from '../sigv4_verifier.js';
import { isDynamoDbTarget } from '../dynamodb/dynamodb_service.js';
import { adminRoute } from './admin_routes.js';
import type { AwsService } from './aws_service.js';
import { corsHeaders, preflight } from './cors.js';
import { isLoopbackHost } from './loopback.js';
import type { FaultInjector } from './fault_injector.js';
import type { RequestLog, RequestLogEntry } from './request_log.js';
import { send, type Answer } from './respond.js';
import { isStsRequest } from './sts_service.js';

/** The services of one region. */
export interface RegionServices {
  readonly region: string;
  readonly kms: AwsService;
  readonly sts: AwsService;
  readonly dynamodb: AwsService;
}

/** What every region's router shares. */
export interface RouterDeps {
  readonly faults: FaultInjector;
  readonly log: RequestLog;
  readonly credentials: Credentials;
}

function answerPreflight(deps: RouterDeps, region: string, req: IncomingMessage, res: ServerResponse): void {
  const mode = deps.faults.get(region).mode;
  if (mode === 'down') return void req.socket.destroy();
  if (mode === 'hang') return;
  const p = preflight(req);
  res.writeHead(p.status, { ...p.headers, 'content-length': 0 });
  res.end();
}

function tooLarge(deps: RouterDeps, s: RegionServices, target: string, res: ServerResponse, cors: Record<string, string>): void {
  const service = isDynamoDbTarget(target) ? s.dynamodb : s.kms;
  const operation = isDynamoDbTarget(target) || target.startsWith('TrentService.') ? service.operation(target, Buffer.alloc(0)) : 'Unknown';
  deps.log.add({ time: Date.now(), endTime: Date.now(), region: s.region, operation, status: 413 });
  send(res, service.tooLarge(MAX_BODY), cors, true);
}

async function serve(deps: RouterDeps, s: RegionServices, service: AwsService, entry: RequestLogEntry, req: IncomingMessage, body: Buffer, answer: (a: Answer) => void): Promise<void> {
  const outcome = await deps.faults.apply(s.region);
  if (outcome === 'down') {
    entry.status = 'dropped';
    req.socket.destroy();
    return;
  }
  if (outcome === 'hang') {
    entry.status = 'hung';
    return;
  }
  if (outcome !== 'proceed') return answer(service.injected(outcome));
  try {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (!isLoopbackHost(req.headers.host)) throw new KmsError('UnrecognizedClientException', 'kms-local answers requests addressed to 127.0.0.1, localhost or [::1] only.');
    await verifySigV4({ method: req.method ?? 'POST', path, headers: req.headers, body }, deps.credentials, s.region, service.signingNames);
    if (req.method !== 'POST' && service !== s.sts) throw new KmsError('UnknownOperationException', 'kms-local answers POST only.');
    answer(await service.run(entry.operation, body));
  } catch (e) {
    const a = service.failure(e);
    if (!a) throw e;
    answer(a);
  }
}

/** Answers one request to region `s.region`. */
export async function route(deps: RouterDeps, s: RegionServices, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if ((req.url ?? '/').startsWith('/__admin/')) return adminRoute(s.region, req, res, deps.faults, deps.log);
  if (req.method === 'OPTIONS') return answerPreflight(deps, s.region, req, res);
  const cors = corsHeaders(req);
  const target = String(req.headers['x-amz-target'] ?? '');
  const body = await readBody(req);
  if (body === 'too-large') return tooLarge(deps, s, target, res, cors);
  const service = isDynamoDbTarget(target) ? s.dynamodb : isStsRequest(target, body) ? s.sts : s.kms;
  const keyId = service.keyId(body);
  const entry = deps.log.add({ time: Date.now(), region: s.region, operation: service.operation(target, body), status: 'pending', ...(keyId ? { keyId } : {}) });
  await serve(deps, s, service, entry, req, body, (a) => {
    entry.status = a.status;
    entry.endTime = Date.now();
    send(res, a, cors);
  });
}
