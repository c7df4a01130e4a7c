/**
 * The OpenTelemetry plumbing behind telemetry.ts: tracers and meters are looked up at call time
 * (an application may register its SDK after importing Envelope), and with no tracer provider
 * registered nothing is built at all: {@link activeTracer} answers `undefined` after two property
 * reads, which is what keeps the 1 KiB encrypt/decrypt path free of telemetry allocations.
 */
import type { Attributes, Counter, Histogram, Span, Tracer } from '@opentelemetry/api';
import type { AvailabilityEvent } from '../availability.js';
/** The tracer of the registered provider, or undefined when none is registered (nothing would record). */
export declare function activeTracer(): Tracer | undefined;
/** The instruments of the registered meter provider (no-op ones when none is). */
export interface Instruments {
    readonly kmsDuration: Histogram;
    readonly escrowUsed: Counter;
    readonly cacheHits: Counter;
    readonly cacheMisses: Counter;
}
/** The instruments, rebuilt when the global meter provider changed since the last call. */
export declare function meters(): Instruments;
/**
 * Adds an event to the active span when it records; with a tracer but no recording span around
 * (no context manager, or outside any call) a zero-length span carries it, so it is never lost.
 */
export declare function emitEvent(name: string, attributes: Attributes): void;
/** Telemetry of an availability event: span events, and the breaker gauge's state. */
export declare function reportAvailability(e: AvailabilityEvent): void;
/** `error.type` of an error: an Envelope error's code, else its name. */
export declare function errorType(error: unknown): string;
/** Marks `span` failed. No message: error texts may name keys or values, attributes must not. */
export declare function failSpan(span: Span, error: unknown): void;
/** Runs `work` with `span` active (its KMS calls become its children), ending it as `work` settles. */
export declare function inSpan<T>(span: Span, work: () => Promise<T>, describe: (span: Span, result: T) => void): Promise<T>;
/** Runs `work` inside `span`'s context when there is a span; otherwise just runs it. */
export declare function withSpan<T>(span: Span | undefined, work: () => T): T;
//# sourceMappingURL=otel.d.ts.map