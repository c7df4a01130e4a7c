import { activeTracer, failSpan, meters, withSpan } from './internal/otel.js';
import { loadedOtelApi } from './internal/otel_api.js';
let options = {};
/** Process-wide telemetry options (the defaults record no context keys). */
export function configureTelemetry(o) {
    options = { ...o };
}
/** The options set by {@link configureTelemetry}. */
export function telemetryOptions() {
    return options;
}
const listeners = new Set();
/** Hears of every finished KMS (and STS) call in this process; returns the function that stops it. */
export function onKmsCall(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
}
/**
 * Runs one SDK command as a traced call: a `KMS.<Method>` client span (a child of the active
 * operation span), a point of `envelope.kms.duration`, and a record for {@link onKmsCall}
 * listeners. For keyring authors: call it once per `client.send`.
 */
export async function traceKmsCall(call, send, classify) {
    const t0 = performance.now();
    const span = startCallSpan(call);
    try {
        const result = await withSpan(span, send);
        if (span?.isRecording())
            describeAnswer(span, result);
        finish(call, span, t0, 'ok', undefined);
        return result;
    }
    catch (error) {
        const c = classify(error);
        if (span !== undefined)
            failSpan(span, error);
        span?.setAttribute('error.type', c.errorType);
        finish(call, span, t0, c.outcome, c.errorType);
        throw error;
    }
}
function startCallSpan(call) {
    const tracer = activeTracer();
    const span = tracer?.startSpan(`${call.service}.${call.method}`, { kind: loadedOtelApi().SpanKind.CLIENT });
    if (span?.isRecording()) {
        span.setAttributes({ 'rpc.system': 'aws-api', 'rpc.service': call.service, 'rpc.method': call.method, 'cloud.region': call.region });
        if (call.keyId !== undefined)
            span.setAttribute('aws.kms.key_id', call.keyId);
    }
    return span;
}
/** The request id and SDK attempts of an answer (`$metadata`), which tie a span to KMS's logs. */
function describeAnswer(span, result) {
    const meta = result?.$metadata;
    if (meta?.requestId)
        span.setAttribute('aws.request_id', meta.requestId);
    if (meta?.attempts !== undefined)
        span.setAttribute('envelope.kms.sdk_attempts', meta.attempts);
}
function finish(call, span, t0, outcome, errorType) {
    const durationMs = performance.now() - t0;
    span?.setAttribute('envelope.kms.outcome', outcome);
    span?.end();
    if (call.service === 'KMS')
        meters().kmsDuration.record(durationMs, { 'rpc.method': call.method, 'cloud.region': call.region, outcome });
    if (listeners.size === 0)
        return;
    const record = { ...call, outcome, durationMs, ...(errorType !== undefined ? { errorType } : {}) };
    for (const l of listeners) {
        try {
            l(record);
        }
        catch {
            // A listener must not change the outcome of a call.
        }
    }
}
//# sourceMappingURL=telemetry.js.map