/** The admin routes of a region (`/__admin/fault`, `/__admin/requests`): see the README. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../internal/http_body.js';
import { adminRefusal } from './admin_guard.js';
import type { Fault, FaultInjector } from './fault_injector.js';
import type { RequestLog } from './request_log.js';
import { json, send } from './respond.js';

export async function adminRoute(region: string, req: IncomingMessage, res: ServerResponse, faults: FaultInjector, log: RequestLog): Promise<void> {
  const url = req.url ?? '/';
  const refusal = adminRefusal(req);
  if (refusal) return send(res, json(refusal.status, { message: refusal.message }), {}, true);
  if (url === '/__admin/fault' && req.method === 'POST') {
    const body = await readBody(req);
    if (body === 'too-large') return send(res, json(413, { message: 'body too large' }), {}, true);
    try {
      const f = JSON.parse(body.toString('utf8') || '{}') as Fault;
      faults.set(region, f);
      return send(res, json(200, { region, fault: f }));
    } catch (e) {
      return send(res, json(400, { message: e instanceof Error ? e.message : String(e) }));
    }
  }
  if (url === '/__admin/fault' && req.method === 'GET') return send(res, json(200, faults.get(region)));
  if (url === '/__admin/requests' && req.method === 'GET') return send(res, json(200, log.list(region)));
  if (url === '/__admin/requests' && req.method === 'DELETE') {
    log.clear(region);
    return send(res, json(200, {}));
  }
  send(res, json(404, { message: 'unknown admin route' }));
}
