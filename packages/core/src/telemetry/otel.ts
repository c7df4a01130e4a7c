/**
 * The OpenTelemetry plumbing behind telemetry.ts: tracers and meters are looked up at call time
 * (an application may register its SDK after importing Envelope), and with no tracer provider
 * registered nothing is built at all: {@link activeTracer} answers `undefined` after two property
 * reads, which is what keeps the 1 KiB encrypt/decrypt path free of telemetry allocations.
 */
import type { Attributes, Counter, Histogram, MeterProvider, ProxyTracerProvider, Span, Tracer, TracerProvider } from '@opentelemetry/api';
import type { AvailabilityEvent, BreakerState } from '../availability.js';
import { TELEMETRY_NAMES as N } from '../telemetry_names.js';
import { loadedOtelApi, otelApi } from '#otel-api';

const SCOPE = '@envelope/core';
// The API's own no-op provider (a module singleton): what an unregistered proxy delegates to.
let noopTracerProvider: TracerProvider | undefined;

let seenTracerProvider: TracerProvider | undefined;
let tracer: Tracer | undefined;

/** The tracer of the registered provider, or undefined when none is registered (nothing would record). */
export function activeTracer(): Tracer | undefined {
  const api = otelApi();
  if (api === undefined) return undefined;
  const { trace } = api;
  noopTracerProvider ??= new api.ProxyTracerProvider().getDelegate();
  const tp = trace.getTracerProvider();
  // Duck-typed: the proxy may come from the application's copy of @opentelemetry/api.
  const real = typeof (tp as ProxyTracerProvider).getDelegate === 'function' ? (tp as ProxyTracerProvider).getDelegate() : tp;
  if (real === noopTracerProvider) return undefined;
  if (real !== seenTracerProvider || tracer === undefined) {
    seenTracerProvider = real;
    tracer = trace.getTracer(SCOPE);
  }
  return tracer;
}

/** The instruments of the registered meter provider (no-op ones when none is). */
export interface Instruments {
  readonly escrowUsed: Counter;
  readonly cacheHits: Counter;
  readonly cacheMisses: Counter;
}

let seenMeterProvider: MeterProvider | undefined;
let instruments: Instruments | undefined;
/** Duration histograms of remote calls by name, made on first use under the current meter provider. */
const histograms = new Map<string, Histogram>();
/** Last breaker state seen per region, observed by the `envelope.region.breaker.state` gauge. */
const breakerStates = new Map<string, BreakerState>();
const BREAKER_VALUE: Readonly<Record<BreakerState, number>> = { closed: 0, 'half-open': 1, open: 2 };

/** What {@link meters} answers while nothing is registered: instruments that record nothing. */
const NOOP = { add: (): void => undefined, record: (): void => undefined } as unknown as Counter & Histogram;
const NOOP_INSTRUMENTS: Instruments = { escrowUsed: NOOP, cacheHits: NOOP, cacheMisses: NOOP };

/** The instruments, rebuilt when the global meter provider changed since the last call. */
export function meters(): Instruments {
  const api = otelApi();
  if (api === undefined) return NOOP_INSTRUMENTS;
  const { metrics, ValueType } = api;
  const mp = metrics.getMeterProvider();
  if (mp !== seenMeterProvider || instruments === undefined) {
    seenMeterProvider = mp;
    const meter = mp.getMeter(SCOPE);
    const gauge = meter.createObservableGauge(N.metrics.breakerState, {
      description: 'Circuit breaker state per region: 0 closed, 1 half-open, 2 open',
      valueType: ValueType.INT,
    });
    gauge.addCallback((result) => {
      for (const [region, state] of breakerStates) result.observe(BREAKER_VALUE[state], { 'cloud.region': region });
    });
    histograms.clear();
    instruments = {
      escrowUsed: meter.createCounter(N.metrics.escrowUsed, { description: 'Messages with KMS keys opened by an escrow (non-KMS) key', valueType: ValueType.INT }),
      cacheHits: meter.createCounter(N.metrics.cacheHits, { description: 'Materials served from the cache', valueType: ValueType.INT }),
      cacheMisses: meter.createCounter(N.metrics.cacheMisses, { description: 'Materials asked of the source because the cache had none usable', valueType: ValueType.INT }),
    };
  }
  return instruments;
}

/** The duration histogram (ms) named `name` (a no-op one while nothing is registered). */
export function durationHistogram(name: string, description: string): Histogram {
  meters();
  if (seenMeterProvider === undefined) return NOOP;
  let h = histograms.get(name);
  if (h === undefined) histograms.set(name, (h = seenMeterProvider.getMeter(SCOPE).createHistogram(name, { description, unit: 'ms' })));
  return h;
}

/**
 * Adds an event to the active span when it records; with a tracer but no recording span around
 * (no context manager, or outside any call) a zero-length span carries it, so it is never lost.
 */
export function emitEvent(name: string, attributes: Attributes): void {
  const t = activeTracer();
  if (t === undefined) return;
  const span = loadedOtelApi().trace.getActiveSpan();
  if (span?.isRecording()) {
    span.addEvent(name, attributes);
    return;
  }
  const own = t.startSpan(name, { attributes });
  own.addEvent(name, attributes);
  own.end();
}

/** Telemetry of an availability event: span events, and the breaker gauge's state. */
export function reportAvailability(e: AvailabilityEvent): void {
  if (e.type === 'breaker') {
    breakerStates.set(e.region, e.state);
    meters(); // the gauge must exist for a reader to observe it
    emitEvent(N.events.breaker, { 'cloud.region': e.region, state: e.state });
  } else if (e.type === 'hedge') {
    emitEvent(N.events.hedge, {
      'aws.kms.key_id': e.keyId,
      'envelope.hedge.after_ms': e.afterMs,
      ...(e.region !== undefined ? { 'cloud.region': e.region } : {}),
      ...(e.slowRegion !== undefined ? { 'envelope.hedge.slow_region': e.slowRegion } : {}),
    });
  } else {
    emitEvent(N.events.throttled, { 'cloud.region': e.region, 'envelope.backoff_ms': e.backoffMs });
  }
}

/** `error.type` of an error: an Envelope error's code, else its name. */
export function errorType(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.length > 0) return code;
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' && name.length > 0 ? name : 'Error';
}

/** Marks `span` failed. No message: error texts may name keys or values, attributes must not. */
export function failSpan(span: Span, error: unknown): void {
  const type = errorType(error);
  span.setStatus({ code: loadedOtelApi().SpanStatusCode.ERROR, message: type });
  span.setAttribute('error.type', type);
}

/** Runs `work` with `span` active (its remote calls become its children), ending it as `work` settles. */
export function inSpan<T>(span: Span, work: () => Promise<T>, describe: (span: Span, result: T) => void): Promise<T> {
  const { context, trace } = loadedOtelApi();
  return context.with(trace.setSpan(context.active(), span), work).then(
    (result) => {
      if (span.isRecording()) describe(span, result);
      span.end();
      return result;
    },
    (error: unknown) => {
      failSpan(span, error);
      span.end();
      throw error;
    },
  );
}

/** Runs `work` inside `span`'s context when there is a span; otherwise just runs it. */
export function withSpan<T>(span: Span | undefined, work: () => T): T {
  if (span === undefined) return work();
  const { context, trace } = loadedOtelApi();
  return context.with(trace.setSpan(context.active(), span), work);
}
