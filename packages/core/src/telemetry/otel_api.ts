/**
 * The OpenTelemetry API, loaded only once something has registered with it. The API keeps what an
 * application registers (tracer and meter providers, the context manager, the diag logger) in one
 * global object, `globalThis[Symbol.for('opentelemetry.js.api.1')]`, made by the first
 * registration, whichever copy of the 1.x API made it. Until it exists nothing would record, and
 * core needs no part of the API: a process that never registers anything (the `envelope` CLI, most
 * applications) does not load its modules and their resident memory. It is
 * looked for on every call, so an SDK registered after Envelope was imported still works.
 */
import { createRequire } from 'node:module';
import type * as OpenTelemetryApi from '@opentelemetry/api';

/** The `@opentelemetry/api` module. */
export type OtelApi = typeof OpenTelemetryApi;

const GLOBAL = Symbol.for('opentelemetry.js.api.1');
let api: OtelApi | undefined;

/** The API once anything registered with it; undefined before (nothing would record). */
export function otelApi(): OtelApi | undefined {
  if (api === undefined) {
    if ((globalThis as Record<symbol, unknown>)[GLOBAL] === undefined) return undefined;
    // Synchronously, so that the first traced call after a registration is traced: the API's
    // CommonJS build (same state: both builds read the global above).
    api = createRequire(import.meta.url)('@opentelemetry/api') as OtelApi;
  }
  return api;
}

/** The API where a span exists (so something registered): a span only comes from a loaded API. */
export function loadedOtelApi(): OtelApi {
  const a = otelApi();
  if (a === undefined) throw new Error('OpenTelemetry API not loaded while a span exists');
  return a;
}
