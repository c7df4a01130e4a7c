/** Calls in progress, by id. */
export declare class SingleFlight<T> {
    private readonly flights;
    /** Whether a call for `id` is in progress. */
    has(id: string): boolean;
    /**
     * Joins the call in progress for `id`, or starts `work` as it. Resolves or rejects as the call
     * does, or with AbortedError when `signal` fires first. The id is free again before any waiter
     * resumes, so a waiter that needs another call starts a new one.
     */
    run(id: string, work: (signal: AbortSignal) => Promise<T>, signal: AbortSignal | undefined): Promise<T>;
    private wait;
}
//# sourceMappingURL=single_flight.d.ts.map