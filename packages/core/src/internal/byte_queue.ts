/**
 * Bytes received but not yet consumed, as a list of chunks. `peek(n)` returns the first n bytes as
 * one contiguous Buffer, without copying when they lie in the first chunk (the common case for
 * frames inside a large input chunk), so buffer and stream decoding share one code path.
 *
 * Pushed chunks are borrowed: a stream's caller may reuse its buffer once the write callback ran,
 * so {@link ByteQueue.own} copies whatever borrowed bytes are still queued before that happens.
 */
const EMPTY = Buffer.alloc(0);

export class ByteQueue {
  private chunks: Buffer[] = [];
  /**
   * chunks[borrowed..] are the caller's, those before it our copies. Borrowed chunks are always a
   * suffix (push appends them, own copies them all), so own() visits only the new ones: scanning
   * every queued chunk on each write made many small writes into a large frame or a non-framed
   * body quadratic.
   */
  private borrowed = 0;
  private head = 0; // offset into chunks[0]
  /** When set, chunks[0] is a view of its first bytes, and the rest of it is free (see own). */
  private spare: Buffer | undefined;
  length = 0;
  /** Chunks own() has visited in all: at most the number pushed (tests check the cost is linear). */
  ownWork = 0;
  /** With `reuse`, the spare own() made last, made again only when it is too small. */
  private kept: Buffer | undefined;

  /**
   * @param reuse own() copies into the same spare every time rather than a new one: for a caller
   * that hands on nothing it read from the queue past its write (a reader lending its output)
   */
  constructor(private readonly reuse = false) {}

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /**
   * Copies the queued bytes that still lie in borrowed chunks; owned ones are left as they are.
   * With `room`, a copied first chunk gets that much space, so the part it starts can later be
   * completed in place by {@link ByteQueue.peek} rather than copied once more.
   */
  own(room = 0): void {
    for (let i = this.borrowed; i < this.chunks.length; i++) {
      const start = i === 0 ? this.head : 0;
      const c = this.chunks[i]!.subarray(start);
      if (i === 0 && room > c.length) {
        // Chunk 0 is borrowed, so no queued byte lies in the kept spare any more.
        this.spare = this.reuse && this.kept !== undefined && this.kept.length >= room ? this.kept : Buffer.allocUnsafe(room);
        if (this.reuse) this.kept = this.spare;
        this.chunks[0] = this.spare.subarray(0, c.copy(this.spare));
      } else {
        this.chunks[i] = Buffer.from(c);
        if (i === 0) this.spare = undefined;
      }
      if (i === 0) this.head = 0;
      this.ownWork++;
    }
    this.borrowed = this.chunks.length;
  }

  /** The first queued chunk, whole: the queued bytes start at {@link ByteQueue.frontOffset} in it (empty when nothing is queued). */
  get frontChunk(): Buffer {
    return this.chunks[0] ?? EMPTY;
  }

  /** Where the queued bytes start in {@link ByteQueue.frontChunk}. */
  get frontOffset(): number {
    return this.head;
  }

  /** The first `n` bytes (n ≤ length), contiguous. */
  peek(n: number): Buffer {
    if (n === 0) return EMPTY;
    const first = this.chunks[0]!;
    if (first.length - this.head >= n) return first.subarray(this.head, this.head + n);
    // Gather exactly what is needed into one buffer and make it the new head chunk: the spare
    // behind the first chunk when it has room (its bytes are there already), else a new one.
    const inPlace = this.spare !== undefined && this.head === 0 && this.spare.length >= n;
    const out = inPlace ? this.spare!.subarray(0, n) : Buffer.allocUnsafe(n);
    let filled = inPlace ? first.length : 0;
    let i = inPlace ? 1 : 0;
    let off = this.head;
    while (filled < n) {
      const c = this.chunks[i]!;
      const take = Math.min(c.length - off, n - filled);
      out.set(off === 0 && take === c.length ? c : c.subarray(off, off + take), filled);
      filled += take;
      if (off + take === c.length) {
        i++;
        off = 0;
      } else off += take;
    }
    const rest = this.chunks.slice(i);
    if (off > 0) rest[0] = rest[0]!.subarray(off);
    this.chunks = [out, ...rest];
    if (!inPlace) this.spare = undefined;
    // `out` is ours; chunks[k] moved to k - i + 1.
    this.borrowed = Math.max(1, this.borrowed - i + 1);
    this.head = 0;
    return out;
  }

  /** Copies the first `n` bytes (n ≤ length) to `dst` at `at`, without consuming them. */
  copyTo(dst: Uint8Array, at: number, n: number): void {
    let off = this.head;
    for (const c of this.chunks) {
      if (n === 0) return;
      const take = Math.min(c.length - off, n);
      dst.set(off === 0 && take === c.length ? c : c.subarray(off, off + take), at);
      at += take;
      n -= take;
      off = 0;
    }
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

  /** Drops the first `n` bytes (n ≤ length): whole chunks in one splice, since shifting them one by one is quadratic in their number. */
  consume(n: number): void {
    this.length -= n;
    let drop = 0;
    let head = this.head;
    while (n > 0) {
      const avail = this.chunks[drop]!.length - head;
      if (avail > n) {
        head += n;
        break;
      }
      n -= avail;
      drop++;
      head = 0;
    }
    if (drop > 0) {
      this.chunks.splice(0, drop);
      this.spare = undefined;
      this.borrowed = Math.max(0, this.borrowed - drop);
    }
    this.head = head;
  }
}
