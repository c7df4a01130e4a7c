/**
 * Bytes received but not yet consumed, as a list of chunks. `peek(n)` returns the first n bytes as
 * one contiguous Buffer, without copying when they lie in the first chunk (the common case for
 * frames inside a large input chunk), so buffer and stream decoding share one code path.
 */
export class ByteQueue {
  private chunks: Buffer[] = [];
  private head = 0; // offset into chunks[0]
  length = 0;

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /** The first `n` bytes (n ≤ length), contiguous. */
  peek(n: number): Buffer {
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
    if (off > 0) rest[0] = rest[0]!.subarray(off);
    this.chunks = [out, ...rest];
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
      this.head = 0;
    }
  }
}
