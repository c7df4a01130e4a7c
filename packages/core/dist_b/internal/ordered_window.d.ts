/**
 * Batches out on worker threads, answered in any order and released in the order they were sent,
 * with at most `limit` out at once (the memory bound of the parallel streams).
 */
export declare class OrderedWindow<T> {
    private readonly limit;
    private readonly out;
    constructor(limit: number);
    /** Batches sent and not yet released. */
    get size(): number;
    /** Adds the next batch; its failure is reported when it is released, in order. */
    add(p: Promise<T>): void;
    /** Releases the oldest batches until fewer than `limit` are out. */
    room(release: (r: T) => void): Promise<void>;
    /** Releases every batch, in order. */
    drain(release: (r: T) => void): Promise<void>;
}
//# sourceMappingURL=ordered_window.d.ts.map