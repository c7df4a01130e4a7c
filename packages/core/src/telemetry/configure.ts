/**
 * Telemetry through `@opentelemetry/api` only: with no OpenTelemetry SDK registered nothing is
 * built; with one, the application sees a span per operation and per remote call, call latency,
 * cache hits, breaker changes and escrow use (names: {@link TELEMETRY_NAMES}). Besides
 * OpenTelemetry, an in-process listener ({@link onRemoteCall}) hears of every remote call.
 */

/** Options of {@link configureTelemetry}. */
export interface TelemetryOptions {
  /**
   * Put the encryption context's keys (never its values) on operation spans as
   * `envelope.context.keys` (default false).
   */
  readonly recordContextKeys?: boolean;
}

let options: TelemetryOptions = {};

/** Process-wide telemetry options (the defaults record no context keys). */
export function configureTelemetry(o: TelemetryOptions): void {
  options = { ...o };
}

/** The options set by {@link configureTelemetry}. */
export function telemetryOptions(): TelemetryOptions {
  return options;
}
