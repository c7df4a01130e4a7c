/**
 * Batches out on worker threads, answered in any order and released in the order they were sent,
 * with at most `limit` out at once (the memory bound of the parallel streams).
 */
export class OrderedWindow<T> {
  private readonly out: Promise<T>[] = [];

  constructor(private readonly limit: number) {}

  /** Batches sent and not yet released. */
  get size(): number {
    return this.out.length;
  }

  /** Adds the next batch; its failure is reported when it is released, in order. */
  add(p: Promise<T>): void {
    p.catch(() => {}); // handled when released; no unhandled rejection meanwhile
    this.out.push(p);
  }

  /** Releases the oldest batches until fewer than `limit` are out. */
  async room(release: (r: T) => void): Promise<void> {
    while (this.out.length >= this.limit) release(await this.out.shift()!);
  }

  /** Releases every batch, in order. */
  async drain(release: (r: T) => void): Promise<void> {
    while (this.out.length > 0) release(await this.out.shift()!);
  }
}
