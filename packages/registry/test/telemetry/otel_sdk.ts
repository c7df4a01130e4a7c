// An in-memory OpenTelemetry SDK for the telemetry tests: spans kept by an InMemorySpanExporter,
// metrics collected on demand by a pull reader, and an AsyncLocalStorage context manager so spans
// nest. Imports only OpenTelemetry packages: a test may register it before importing Envelope.
import { context, metrics, trace, type Attributes } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';

/** A metric reader that collects only when asked. */
class PullReader extends MetricReader {
  protected async onShutdown(): Promise<void> {}
  protected async onForceFlush(): Promise<void> {}
}

export interface Point {
  readonly name: string;
  readonly attributes: Attributes;
  readonly value: unknown;
}

export interface TestSdk {
  readonly exporter: InMemorySpanExporter;
  /** Finished spans, once pending exports are done. */
  spans(): Promise<ReadableSpan[]>;
  points(name: string): Promise<Point[]>;
}

/** Registers the SDK globally (trace, metrics, context) and returns its readers. */
export function registerTestSdk(): TestSdk {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const reader = new PullReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  return {
    exporter,
    async spans() {
      await tracerProvider.forceFlush();
      return exporter.getFinishedSpans();
    },
    async points(name) {
      const { resourceMetrics } = await reader.collect();
      return resourceMetrics.scopeMetrics.flatMap((s) =>
        s.metrics.filter((m) => m.descriptor.name === name).flatMap((m) => (m.dataPoints as { attributes: Attributes; value: unknown }[]).map((p) => ({ name, attributes: p.attributes, value: p.value }))),
      );
    },
  };
}
