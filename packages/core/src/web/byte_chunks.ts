/**
 * The bytes a browser stream received and has not read yet, as the chunks it was given: a reader
 * looks at the front (copying only what spans chunks) and consumes what it read.
 */
export class ByteChunks {
  private chunks: Uint8Array[] = [];
  /** Bytes already read of the front chunk. */
  private offset = 0;
  length = 0;

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /** The first `n` bytes (n ≤ length): a view when they lie in the front chunk, else a copy. */
  peek(n: number): Uint8Array {
    const front = this.chunks[0];
    if (front && front.length - this.offset >= n) return front.subarray(this.offset, this.offset + n);
    const out = new Uint8Array(n);
    let o = 0;
    let skip = this.offset;
    for (const c of this.chunks) {
      if (o === n) break;
      const part = c.subarray(skip, skip + n - o);
      out.set(part, o);
      o += part.length;
      skip = 0;
    }
    return out;
  }

  /** Drops the first `n` bytes (n ≤ length). */
  consume(n: number): void {
    this.length -= n;
    while (n > 0) {
      const front = this.chunks[0]!;
      const left = front.length - this.offset;
      if (n < left) {
        this.offset += n;
        return;
      }
      n -= left;
      this.chunks.shift();
      this.offset = 0;
    }
  }

  /** The first `n` bytes in memory of their own (the caller's chunk may be reused once its write is done), consumed. */
  take(n: number): Uint8Array {
    const front = this.chunks[0];
    const b = front && front.length - this.offset >= n ? front.slice(this.offset, this.offset + n) : this.peek(n);
    this.consume(n);
    return b;
  }
}
