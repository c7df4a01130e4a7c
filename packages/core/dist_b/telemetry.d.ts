/** Options of {@link configureTelemetry}. */
export interface TelemetryOptions {
    /**
     * Put the encryption context's keys (never its values) on operation spans as
     * `envelope.context.keys` (default false).
     */
    readonly recordContextKeys?: boolean;
}
/** Process-wide telemetry options (the defaults record no context keys). */
export declare function configureTelemetry(o: TelemetryOptions): void;
/** The options set by {@link configureTelemetry}. */
export declare function telemetryOptions(): TelemetryOptions;
/** One remote call a keyring is about to make: one SDK command. */
export interface KmsCall {
    /** `KMS`, or `STS` for the account lookup of alias configurations. */
    readonly service: 'KMS' | 'STS';
    /** The API operation: `GenerateDataKey`, `Encrypt`, `Decrypt`, `GetCallerIdentity`, … */
    readonly method: string;
    /** The region called. */
    readonly region: string;
    /** The key id or ARN the command names (KMS calls). */
    readonly keyId?: string;
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
/** Hears of every finished KMS (and STS) call in this process; returns the function that stops it. */
export declare function onKmsCall(listener: KmsCallListener): () => void;
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
export declare function traceKmsCall<T>(call: KmsCall, send: () => Promise<T>, classify: KmsFailureClassifier): Promise<T>;
//# sourceMappingURL=telemetry.d.ts.map