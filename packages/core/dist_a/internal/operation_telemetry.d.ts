/**
 * Operation spans (encrypt, decrypt, rewrap and their streams) and the escrow-use signal. Only
 * sizes, suite, frame length, key ids and (when asked) context keys go into attributes: never key
 * material, plaintext or context values.
 */
import type { Transform } from 'node:stream';
import type { Span } from '@opentelemetry/api';
import type { EncryptedDataKey, EncryptionContext, KeyDescription } from '../materials.js';
/** What an operation span says about the message. */
export interface MessageFacts {
    readonly suiteId: number;
    readonly frameLength: number;
    readonly encryptedDataKeys: readonly EncryptedDataKey[];
    readonly encryptionContext: EncryptionContext;
}
/**
 * Runs `run` in a span named `name` when a tracer provider is registered (KMS calls made meanwhile
 * become its children); otherwise runs it as it is, allocating nothing for telemetry.
 */
export declare function traced<T>(name: string, run: () => Promise<T>, describe: (span: Span, result: T) => void): Promise<T>;
/** The span of one stream, from construction to finish or error. */
export declare class StreamTrace {
    #private;
    readonly span: Span;
    constructor(span: Span);
    /** Counts bytes written to the stream. */
    count(n: number): void;
    /** Runs `work` with the span active (the keyring's KMS calls become its children). */
    run<T>(work: () => T): T;
    /** Ends the span once: ok, or failed with `error`. */
    end(error?: unknown): void;
}
/**
 * Starts the span of stream `t` when something records: its 'header' and 'decryptedBy' events
 * describe the message. The stream ends it from flush (ok) and destroy (error, or closed early);
 * no 'error' listener is added, so an unhandled stream error still behaves as it would without us.
 */
export declare function traceStream(t: Transform, name: string): StreamTrace | undefined;
/** Suite, frame length, EDK count and (if configured) the context's keys. */
export declare function describeMessage(span: Span, m: MessageFacts): void;
/** The key that opened the message (provider id, key id or name, region): identifiers, not keys. */
export declare function describeOpenedBy(span: Span, by: KeyDescription | undefined): void;
/**
 * `envelope.escrow.used` (span event and counter) when a non-KMS key opened a message whose header
 * also holds KMS keys: KMS was there but not used, which a security team wants to hear about.
 */
export declare function noteOpened(edks: readonly EncryptedDataKey[], by: KeyDescription | undefined): void;
/** Counts a cache hit or miss of a CachingMaterialsManager. */
export declare function countCache(hit: boolean, operation: 'encrypt' | 'decrypt'): void;
//# sourceMappingURL=operation_telemetry.d.ts.map