/**
 * A fixed set of equal buffers, handed out and given back: the CLI reads its input into them, so a
 * multi-GB stream allocates no read buffers after the first few.
 */
export class BufferPool {
  private readonly free: Buffer[] = [];
  private readonly all: Buffer[] = [];
  private readonly waiting: ((b: Buffer) => void)[] = [];

  constructor(readonly size: number, count: number) {
    for (let i = 0; i < count; i++) {
      const b = Buffer.allocUnsafeSlow(size);
      this.all.push(b);
      this.free.push(b);
    }
  }

  /** A free buffer, or a promise of the next one given back. */
  take(): Promise<Buffer> {
    const b = this.free.pop();
    if (b) return Promise.resolve(b);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Gives `b` back (to whoever waits first). */
  give(b: Buffer): void {
    const w = this.waiting.shift();
    if (w) w(b);
    else this.free.push(b);
  }

  /** Zeroes every buffer (they held plaintext on encrypt). */
  wipe(): void {
    for (const b of this.all) b.fill(0);
  }
}
