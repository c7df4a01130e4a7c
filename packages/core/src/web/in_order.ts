/**
 * Work started at once and finished in order: a browser stream starts the WebCrypto calls of a
 * batch of body parts as soon as their bytes are at hand and goes on reading, while the results
 * of earlier batches are handed on (hashed, released) strictly in the order the batches started.
 * A step runs only after every earlier one succeeded; after a failure no later step runs, and
 * each later result goes to its `discard` instead (to be wiped).
 */
export class InOrder {
  private tail: Promise<void> = Promise.resolve();
  /** Steps not yet waited for, oldest first. */
  private readonly steps: Promise<void>[] = [];
  private failure: { readonly error: unknown } | undefined;

  /** `depth`: how many started steps may be pending before {@link room} waits. */
  constructor(private readonly depth: number) {}

  /** Runs `then` with work's result once every earlier step finished. */
  add<T>(work: Promise<T>, then: (value: T) => void, discard: (value: T) => void = () => {}): void {
    work.catch(() => {}); // its failure is the step's, reported where the step is waited for
    const step = this.tail.then(
      () => work.then(then),
      (err: unknown) => {
        work.then(discard, () => {});
        throw err;
      },
    );
    step.catch((error: unknown) => {
      this.failure ??= { error };
    });
    this.tail = step;
    this.steps.push(step);
  }

  /** Resolves once at most `depth` steps are pending; rejects with the first failure. */
  async room(): Promise<void> {
    if (this.failure) throw this.failure.error;
    while (this.steps.length > this.depth) await this.steps.shift();
  }

  /** Resolves once every step finished; rejects with the first failure. */
  async drained(): Promise<void> {
    this.steps.length = 0;
    await this.tail;
  }
}
