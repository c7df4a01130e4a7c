import type * as OpenTelemetryApi from '@opentelemetry/api';
/** The `@opentelemetry/api` module. */
export type OtelApi = typeof OpenTelemetryApi;
/** The API once anything registered with it; undefined before (nothing would record). */
export declare function otelApi(): OtelApi | undefined;
/** The API where a span exists (so something registered): a span only comes from a loaded API. */
export declare function loadedOtelApi(): OtelApi;
//# sourceMappingURL=otel_api.d.ts.map