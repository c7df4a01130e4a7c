/**
 * The OpenTelemetry API in browsers: not loaded. Node loads the API synchronously once something
 * registered with it (otel_api.ts), which a page cannot do without bundling all of it into every
 * application; so the browser build records no spans or metrics (nothing else changes).
 */
import type * as OpenTelemetryApi from '@opentelemetry/api';

/** The `@opentelemetry/api` module. */
export type OtelApi = typeof OpenTelemetryApi;

/** Never loaded in browsers: nothing records. */
export function otelApi(): OtelApi | undefined {
  return undefined;
}

/** Only called where a span exists, which never happens in browsers. */
export function loadedOtelApi(): OtelApi {
  throw new Error('OpenTelemetry API not loaded while a span exists');
}
