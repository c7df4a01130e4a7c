/**
 * Bytes received but not yet consumed, as a list of chunks. `peek(n)` returns the first n bytes as
 * one contiguous Buffer, without copying when they lie in the first chunk (the common case for
 * frames inside a large input chunk), so buffer and stream decoding share one code path.
 *
 * Pushed chunks are borrowed: a stream's caller may reuse its buffer once the write callback ran,
 * so {@link ByteQueue.own} copies whatever borrowed bytes are still queued before that happens.
 */
export class ByteQueue {
  private chunks: Buffer[] = [];
  /** Whether chunks[i] is ours (a copy) rather than the caller's. */
  private owned: boolean[] = [];
  private head = 0; // offset into chunks[0]
  length = 0;

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.owned.push(false);
    this.length += chunk.length;
  }

  /** Copies the queued bytes that still lie in borrowed chunks; owned ones are left as they are. */
  own(): void {
    for (let i = 0; i < this.chunks.length; i++) {
      if (this.owned[i]) continue;
      const start = i === 0 ? this.head : 0;
      this.chunks[i] = Buffer.from(this.chunks[i]!.subarray(start));
      this.owned[i] = true;
      if (i === 0) this.head = 0;
    }
  }

  /** The first `n` bytes (n ≤ length), contiguous. */
  peek(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0);
    const first = this.chunks[0]!;
    if (first.length - this.head >= n) return first.subarray(this.head, this.head + n);
    // Gather exactly what is needed into one buffer and make it the new head chunk.
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    let i = 0;
    let off = this.head;
    while (filled < n) {
      const c = this.chunks[i]!;
      const take = Math.min(c.length - off, n - filled);
      c.copy(out, filled, off, off + take);
      filled += take;
      if (off + take === c.length) {
        i++;
        off = 0;
      } else off += take;
    }
    const rest = this.chunks.slice(i);
    const restOwned = this.owned.slice(i);
    if (off > 0) rest[0] = rest[0]!.subarray(off);
    this.chunks = [out, ...rest];
    this.owned = [true, ...restOwned];
    this.head = 0;
    return out;
  }

  /** Bytes [start, start + n) as views of the chunks that hold them (no copy). */
  slices(start: number, n: number): Buffer[] {
    const out: Buffer[] = [];
    let skip = start + this.head;
    for (const c of this.chunks) {
      if (n === 0) break;
      if (skip >= c.length) {
        skip -= c.length;
        continue;
      }
      const take = Math.min(c.length - skip, n);
      out.push(c.subarray(skip, skip + take));
      n -= take;
      skip = 0;
    }
    return out;
  }

  consume(n: number): void {
    this.length -= n;
    while (n > 0) {
      const first = this.chunks[0]!;
      const avail = first.length - this.head;
      if (avail > n) {
        this.head += n;
        return;
      }
      n -= avail;
      this.chunks.shift();
      this.owned.shift();
      this.head = 0;
    }
  }
}
