/**
 * Telemetry through `@opentelemetry/api` only: with no OpenTelemetry SDK registered nothing is
 * built; with one, the application sees a span per operation and per KMS call, KMS latency, cache
 * hits, breaker changes and escrow use (names: {@link TELEMETRY_NAMES}). Besides OpenTelemetry, an
 * in-process listener ({@link onKmsCall}) hears of every KMS call, which is what the CLI's
 * `--verbose` prints: no SDK needed for that.
 */
import type { Span } from '@opentelemetry/api';
import { activeTracer, failSpan, meters, withSpan } from './internal/otel.js';
import { loadedOtelApi } from '#otel-api';

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

/** One remote call a keyring is about to make: one SDK command. */
export interface KmsCall {
  /** `KMS`, `STS` for the account lookup of alias configurations, or `DynamoDB` (branch key stores). */
  readonly service: 'KMS' | 'STS' | 'DynamoDB';
  /** The API operation: `GenerateDataKey`, `Encrypt`, `Decrypt`, `GetCallerIdentity`, … */
  readonly method: string;
  /** The region called. */
  readonly region: string;
  /** The key id or ARN the command names (KMS calls). */
  readonly keyId?: string;
  /** The table the command names (DynamoDB calls). */
  readonly table?: string;
}

/**
 * How a call ended: `ok`, `refused` (KMS answered with an error about the key or request),
 * `unavailable` (no useful answer: connection failure, 5xx), `throttled`, `timeout` (the keyring's
 * deadline), `cancelled` (another candidate won, or the caller aborted).
 */
export type KmsCallOutcome = 'ok' | 'refused' | 'unavailable' | 'throttled' | 'timeout' | 'cancelled';

/** A finished remote call, as {@link onKmsCall} listeners hear of it. */
export interface KmsCallRecord extends KmsCall {
  /** How it ended. */
  readonly outcome: KmsCallOutcome;
  /** Wall time of the SDK command, ms. */
  readonly durationMs: number;
  /** The error's type (SDK exception name, `TimeoutError`, …) when it failed. */
  readonly errorType?: string;
}

/** A listener of {@link onKmsCall}. */
export type KmsCallListener = (record: KmsCallRecord) => void;

const listeners = new Set<KmsCallListener>();

/** Hears of every finished KMS (and STS) call in this process; returns the function that stops it. */
export function onKmsCall(listener: KmsCallListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** How a keyring classifies a failed call. */
export type KmsFailureClassifier = (error: unknown) => KmsFailure;

/** What a {@link KmsFailureClassifier} says about a failed call. */
export interface KmsFailure {
  /** How it ended (anything but `ok`). */
  readonly outcome: Exclude<KmsCallOutcome, 'ok'>;
  /** `error.type` of the span: the SDK exception name, `TimeoutError`, `AbortError`, … */
  readonly errorType: string;
}

/**
 * Runs one SDK command as a traced call: a `KMS.<Method>` client span (a child of the active
 * operation span), a point of `envelope.kms.duration`, and a record for {@link onKmsCall}
 * listeners. For keyring authors: call it once per `client.send`.
 */
export async function traceKmsCall<T>(call: KmsCall, send: () => Promise<T>, classify: KmsFailureClassifier): Promise<T> {
  const t0 = performance.now();
  const span = startCallSpan(call);
  try {
    const result = await withSpan(span, send);
    if (span?.isRecording()) describeAnswer(span, result);
    finish(call, span, t0, 'ok', undefined);
    return result;
  } catch (error) {
    const c = classify(error);
    if (span !== undefined) failSpan(span, error);
    span?.setAttribute('error.type', c.errorType);
    finish(call, span, t0, c.outcome, c.errorType);
    throw error;
  }
}

function startCallSpan(call: KmsCall): Span | undefined {
  const tracer = activeTracer();
  const span = tracer?.startSpan(`${call.service}.${call.method}`, { kind: loadedOtelApi().SpanKind.CLIENT });
  if (span?.isRecording()) {
    span.setAttributes({ 'rpc.system': 'aws-api', 'rpc.service': call.service, 'rpc.method': call.method, 'cloud.region': call.region });
    if (call.keyId !== undefined) span.setAttribute('aws.kms.key_id', call.keyId);
    if (call.table !== undefined) span.setAttribute('aws.dynamodb.table_names', [call.table]);
  }
  return span;
}

/** The request id and SDK attempts of an answer (`$metadata`), which tie a span to KMS's logs. */
function describeAnswer(span: Span, result: unknown): void {
  const meta = (result as { $metadata?: { requestId?: string; attempts?: number } } | null)?.$metadata;
  if (meta?.requestId) span.setAttribute('aws.request_id', meta.requestId);
  if (meta?.attempts !== undefined) span.setAttribute('envelope.kms.sdk_attempts', meta.attempts);
}

function finish(call: KmsCall, span: Span | undefined, t0: number, outcome: KmsCallOutcome, errorType: string | undefined): void {
  const durationMs = performance.now() - t0;
  span?.setAttribute('envelope.kms.outcome', outcome);
  span?.end();
  if (call.service === 'KMS') meters().kmsDuration.record(durationMs, { 'rpc.method': call.method, 'cloud.region': call.region, outcome });
  if (listeners.size === 0) return;
  const record: KmsCallRecord = { ...call, outcome, durationMs, ...(errorType !== undefined ? { errorType } : {}) };
  for (const l of listeners) {
    try {
      l(record);
    } catch {
      // A listener must not change the outcome of a call.
    }
  }
}
