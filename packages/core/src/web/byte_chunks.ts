/**
 * The bytes a browser stream received and has not read yet, as the chunks it was given: a reader
 * looks at the front (copying only what spans chunks) and consumes what it read.
 */
export class ByteChunks {
  private chunks: Uint8Array[] = [];
  /** Bytes already read of the front chunk. */
  private offset = 0;
  /** The chunk last pushed as borrowed (the caller's, which it may reuse once its write is done). */
  private borrowed: Uint8Array | undefined;
  length = 0;

  /** Queues `chunk`; `borrowed` when it is the caller's, to be copied by {@link own} if still queued. */
  push(chunk: Uint8Array, borrowed = false): void {
    if (chunk.length === 0) return;
    this.own();
    this.chunks.push(chunk);
    this.length += chunk.length;
    if (borrowed) this.borrowed = chunk;
  }

  /** Copies what is left of the borrowed chunk (only its unread bytes), so the caller may reuse it. */
  own(): void {
    const b = this.borrowed;
    this.borrowed = undefined;
    const last = this.chunks.length - 1;
    if (!b || this.chunks[last] !== b) return;
    const from = last === 0 ? this.offset : 0;
    this.chunks[last] = b.slice(from);
    if (last === 0) this.offset = 0;
  }

  /** The first `n` bytes, consumed: a view when they lie in the front chunk (valid while that chunk is), else a copy. */
  read(n: number): Uint8Array {
    const b = this.peek(n);
    this.consume(n);
    return b;
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
}
