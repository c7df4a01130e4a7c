/** What every Transform of core checks besides the format: the caller's signal and declared length. */
import type { Transform } from 'node:stream';
/** Destroys `t` with AbortedError when `signal` fires (at once if it already has). */
export declare function destroyOnAbort(t: Transform, signal: AbortSignal | undefined): void;
/** Counts plaintext bytes against a declared `plaintextLength` (no-op when none was declared). */
export declare function lengthGuard(declared: number | undefined): {
    add(n: number): void;
    end(): void;
};
/** The `concurrency` option, validated: an integer from 1 (the default, the single-thread path) to 64. */
export declare function concurrencyOf(value: number | undefined): number;
//# sourceMappingURL=stream_guards.d.ts.map