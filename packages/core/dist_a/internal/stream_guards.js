import { AbortedError, ConfigError, LimitExceededError, needs } from '../errors.js';
/** Destroys `t` with AbortedError when `signal` fires (at once if it already has). */
export function destroyOnAbort(t, signal) {
    if (!signal)
        return;
    const onAbort = () => {
        t.destroy(new AbortedError(undefined, { cause: signal.reason }));
    };
    if (signal.aborted) {
        queueMicrotask(onAbort);
        return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    t.once('close', () => signal.removeEventListener('abort', onAbort));
}
/** Counts plaintext bytes against a declared `plaintextLength` (no-op when none was declared). */
export function lengthGuard(declared) {
    if (declared === undefined)
        return { add() { }, end() { } };
    needs(Number.isSafeInteger(declared) && declared >= 0, ConfigError, `plaintextLength must be a non-negative integer, got ${String(declared)}`);
    let seen = 0;
    return {
        add(n) {
            seen += n;
            needs(seen <= declared, LimitExceededError, `more plaintext than the declared plaintextLength (${declared})`);
        },
        end() {
            needs(seen === declared, LimitExceededError, `plaintext ended at ${seen} bytes, not the declared plaintextLength (${declared})`);
        },
    };
}
/** The `concurrency` option, validated: an integer from 1 (the default, the single-thread path) to 64. */
export function concurrencyOf(value) {
    if (value === undefined)
        return 1;
    needs(Number.isInteger(value) && value >= 1 && value <= 64, ConfigError, `concurrency must be an integer from 1 to 64, got ${String(value)}`);
    return value;
}
//# sourceMappingURL=stream_guards.js.map