/**
 * Remote calls as telemetry: a keyring runs each call to a key service (one SDK command) through
 * {@link traceRemoteCall}, which makes a client span (a child of the operation span), a point of
 * the duration histogram the caller names, and a record for {@link onRemoteCall} listeners. Core
 * knows no service: the keyring package says how its calls are reported ({@link RemoteCallReport}).
 */
import type { Attributes, Span } from '@opentelemetry/api';
import { activeTracer, durationHistogram, failSpan, withSpan } from './otel.js';
import { loadedOtelApi } from '#otel-api';

/** One remote call a keyring is about to make: one SDK command. */
export interface RemoteCall {
  /** The service called (`rpc.service`): the first half of the span name. */
  readonly service: string;
  /** The operation (`rpc.method`): the second half of the span name. */
  readonly method: string;
  /** Where the call goes (`cloud.region`). */
  readonly location: string;
  /** The key the call names, if any. */
  readonly key?: string;
  /** Another resource the call names (a table), if any. */
  readonly resource?: string;
}

/**
 * How a call ended: `ok`, `refused` (the service answered with an error about the key or request),
 * `unavailable` (no useful answer: connection failure, 5xx), `throttled`, `timeout` (the keyring's
 * deadline), `cancelled` (another candidate won, or the caller aborted).
 */
export type RemoteCallOutcome = 'ok' | 'refused' | 'unavailable' | 'throttled' | 'timeout' | 'cancelled';

/** A finished remote call, as {@link onRemoteCall} listeners hear of it. */
export interface RemoteCallRecord extends RemoteCall {
  /** How it ended. */
  readonly outcome: RemoteCallOutcome;
  /** Wall time of the call, ms. */
  readonly durationMs: number;
  /** The error's type (SDK exception name, `TimeoutError`, …) when it failed. */
  readonly errorType?: string;
}

/** A listener of {@link onRemoteCall}. */
export type RemoteCallListener = (record: RemoteCallRecord) => void;

/** What a {@link RemoteFailureClassifier} says about a failed call. */
export interface RemoteFailure {
  /** How it ended (anything but `ok`). */
  readonly outcome: Exclude<RemoteCallOutcome, 'ok'>;
  /** `error.type` of the span: the SDK exception name, `TimeoutError`, `AbortError`, … */
  readonly errorType: string;
}

/** How a keyring classifies a failed call. */
export type RemoteFailureClassifier = (error: unknown) => RemoteFailure;

/** Span attributes a keyring package adds to its calls (OpenTelemetry attribute values). */
export type CallAttributes = Record<string, string | number | boolean | string[]>;

/** How a keyring package reports its calls: the conventions of its service. */
export interface RemoteCallReport {
  /** Span attributes beyond `rpc.service`, `rpc.method` and `cloud.region` (`rpc.system`, the key's attribute). */
  readonly attributes?: CallAttributes;
  /** Attributes read from a successful answer (a request id, the SDK's attempts). */
  readonly describeAnswer?: (answer: unknown) => CallAttributes | undefined;
  /** Span attribute that carries the outcome. */
  readonly outcomeAttribute?: string;
  /** Histogram (ms) that gets a point per call, with `rpc.method`, `cloud.region` and `outcome`. */
  readonly durationMetric?: {
    /** The histogram's name (the package's, e.g. its service's prefix). */
    readonly name: string;
    /** The histogram's description. */
    readonly description: string;
  };
}

/**
 * The naming conventions of a family of services (one SDK), as data: which span attributes carry a
 * call's key, resource and answer, which attribute its outcome, which services get a duration
 * histogram. {@link remoteCallReport} turns them into the report of each call, so keyring packages
 * that call the same services state the names and share the logic.
 */
export interface RemoteCallConventions {
  /** Span attributes every call gets (`rpc.system`). */
  readonly attributes?: CallAttributes;
  /** The span attribute that carries {@link RemoteCall.key}. */
  readonly keyAttribute?: string;
  /** The span attribute that carries {@link RemoteCall.resource}, as a one-element list. */
  readonly resourceListAttribute?: string;
  /**
   * Span attributes read from a successful answer: each attribute's path of property names in the
   * answer. A value that is missing, an empty string or not a string, number or boolean is left out.
   */
  readonly answerAttributes?: Readonly<Record<string, readonly string[]>>;
  /** Span attribute that carries the outcome. */
  readonly outcomeAttribute?: string;
  /** The duration histogram of each service ({@link RemoteCall.service}) that has one. */
  readonly durationMetrics?: Readonly<Record<string, NonNullable<RemoteCallReport['durationMetric']>>>;
}

/** The {@link RemoteCallReport} of one call under a family's conventions, for {@link traceRemoteCall}. */
export function remoteCallReport(call: RemoteCall, conventions: RemoteCallConventions): RemoteCallReport {
  const { keyAttribute, resourceListAttribute, answerAttributes, outcomeAttribute, durationMetrics } = conventions;
  const attributes: CallAttributes = { ...conventions.attributes };
  if (keyAttribute !== undefined && call.key !== undefined) attributes[keyAttribute] = call.key;
  if (resourceListAttribute !== undefined && call.resource !== undefined) attributes[resourceListAttribute] = [call.resource];
  const durationMetric = durationMetrics !== undefined && Object.hasOwn(durationMetrics, call.service) ? durationMetrics[call.service] : undefined;
  return {
    attributes,
    ...(answerAttributes !== undefined ? { describeAnswer: (answer: unknown) => readAnswer(answer, answerAttributes) } : {}),
    ...(outcomeAttribute !== undefined ? { outcomeAttribute } : {}),
    ...(durationMetric !== undefined ? { durationMetric } : {}),
  };
}

function readAnswer(answer: unknown, paths: Readonly<Record<string, readonly string[]>>): CallAttributes {
  const out: CallAttributes = {};
  for (const [attribute, path] of Object.entries(paths)) {
    let v: unknown = answer;
    for (const name of path) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[name] : undefined;
    if ((typeof v === 'string' && v !== '') || typeof v === 'number' || typeof v === 'boolean') out[attribute] = v;
  }
  return out;
}

const listeners = new Set<RemoteCallListener>();

/** Hears of every finished remote call in this process; returns the function that stops it. */
export function onRemoteCall(listener: RemoteCallListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Runs one remote call as a traced call; for keyring authors: call it once per SDK command. */
export async function traceRemoteCall<T>(call: RemoteCall, send: () => Promise<T>, classify: RemoteFailureClassifier, report: RemoteCallReport = {}): Promise<T> {
  const t0 = performance.now();
  const span = startCallSpan(call, report);
  try {
    const result = await withSpan(span, send);
    if (span?.isRecording()) {
      const a = report.describeAnswer?.(result);
      if (a !== undefined) span.setAttributes(a as Attributes);
    }
    finish(call, report, span, t0, 'ok', undefined);
    return result;
  } catch (error) {
    const c = classify(error);
    if (span !== undefined) failSpan(span, error);
    span?.setAttribute('error.type', c.errorType);
    finish(call, report, span, t0, c.outcome, c.errorType);
    throw error;
  }
}

function startCallSpan(call: RemoteCall, report: RemoteCallReport): Span | undefined {
  const tracer = activeTracer();
  const span = tracer?.startSpan(`${call.service}.${call.method}`, { kind: loadedOtelApi().SpanKind.CLIENT });
  if (span?.isRecording()) {
    if (report.attributes !== undefined) span.setAttributes(report.attributes as Attributes);
    span.setAttributes({ 'rpc.service': call.service, 'rpc.method': call.method, 'cloud.region': call.location });
  }
  return span;
}

function finish(call: RemoteCall, report: RemoteCallReport, span: Span | undefined, t0: number, outcome: RemoteCallOutcome, errorType: string | undefined): void {
  const durationMs = performance.now() - t0;
  if (report.outcomeAttribute !== undefined) span?.setAttribute(report.outcomeAttribute, outcome);
  span?.end();
  const metric = report.durationMetric;
  if (metric !== undefined) durationHistogram(metric.name, metric.description).record(durationMs, { 'rpc.method': call.method, 'cloud.region': call.location, outcome });
  if (listeners.size === 0) return;
  const record: RemoteCallRecord = { ...call, outcome, durationMs, ...(errorType !== undefined ? { errorType } : {}) };
  for (const l of listeners) {
    try {
      l(record);
    } catch {
      // A listener must not change the outcome of a call.
    }
  }
}
