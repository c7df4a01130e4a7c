/** Throws AbortedError if `signal` has fired. */
export declare function throwIfAborted(signal: AbortSignal | undefined): void;
/**
 * Resolves as `work` does, unless `signal` fires first: then rejects with AbortedError at once, and
 * whatever `work` resolves with later is handed to `discard` (so a late data key is still wiped).
 */
export declare function raceSignal<T>(work: Promise<T>, signal: AbortSignal | undefined, discard: (late: T) => void): Promise<T>;
//# sourceMappingURL=abort.d.ts.map