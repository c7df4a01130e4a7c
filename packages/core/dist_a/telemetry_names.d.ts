/**
 * The names Envelope reports under through `@opentelemetry/api` (DESIGN § telemetry): spans,
 * metrics, span events, and the attributes they carry. Dashboards and alerts should use these.
 */
/** Span, metric, event and attribute names; see docs/telemetry.md for what each carries. */
export declare const TELEMETRY_NAMES: Readonly<{
    /** Instrumentation scope of every tracer and meter. */
    readonly scope: "@envelope/core";
    /** One span per call (streams: from start to finish or error). KMS calls are `KMS.<Method>` spans. */
    readonly spans: Readonly<{
        /** `encrypt()` */
        encrypt: "envelope.encrypt";
        /** `decrypt()` */
        decrypt: "envelope.decrypt";
        /** `rewrap()` */
        rewrap: "envelope.rewrap";
        /** `encryptStream()`, creation to finish */
        encryptStream: "envelope.encrypt_stream";
        /** `decryptStream()`, creation to finish */
        decryptStream: "envelope.decrypt_stream";
        /** `rewrapStream()`, creation to finish */
        rewrapStream: "envelope.rewrap_stream";
    }>;
    /** Metric instruments. */
    readonly metrics: Readonly<{
        /** Histogram, ms, per KMS call: `rpc.method`, `cloud.region`, `outcome`. */
        kmsDuration: "envelope.kms.duration";
        /** Counter: messages holding KMS keys that an escrow (non-KMS) key opened. */
        escrowUsed: "envelope.escrow.used";
        /** Counter: materials served by a CachingMaterialsManager (`envelope.cache.operation`). */
        cacheHits: "envelope.cache.hits";
        /** Counter: materials a CachingMaterialsManager had to ask its source for. */
        cacheMisses: "envelope.cache.misses";
        /** Observable gauge per `cloud.region`: 0 closed, 1 half-open, 2 open. */
        breakerState: "envelope.region.breaker.state";
    }>;
    /** Span events. */
    readonly events: Readonly<{
        /** An escrow key opened a message whose header also holds KMS keys. */
        escrowUsed: "envelope.escrow.used";
        /** A region's circuit breaker changed state (`cloud.region`, `state`). */
        breaker: "envelope.region.breaker";
        /** A hedged KMS call started because the previous one was slow. */
        hedge: "envelope.hedge";
        /** A region throttled a call and is backed off. */
        throttled: "envelope.region.throttled";
    }>;
}>;
//# sourceMappingURL=telemetry_names.d.ts.map