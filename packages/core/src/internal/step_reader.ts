/**
 * Resumable readers. A reader of a variable-length section is written once as a generator of
 * steps over a {@link Source} whose bytes only grow: it yields the byte count it needs before it
 * can go on and resumes where it stopped, so a header that arrives in many small chunks is read in
 * time linear in its length. {@link StepReader} drives one; {@link readAll} runs one over bytes that
 * are all there (or returns undefined: need more).
 */

/** The bytes received so far; `bytes` may be replaced by a longer buffer holding the same prefix. */
export interface Source {
  readonly bytes: Uint8Array;
}

/** A resumable reader: yields "need this many bytes", returns the value. */
export type Steps<T> = Generator<number, T, void>;

/** A section reader over whole bytes: the value and the offset after it, or undefined (need more). */
export type Read<T> = { readonly value: T; readonly end: number } | undefined;

/** Waits until `n` bytes are there. */
export function* want(src: Source, n: number): Steps<void> {
  while (src.bytes.length < n) yield n;
}

/** Runs a section reader at offset `o`, waiting for more bytes while it says it needs them. */
export function* section<T>(src: Source, read: (b: Uint8Array, o: number) => Read<T>, o: number): Steps<{ value: T; end: number }> {
  for (;;) {
    const r = read(src.bytes, o);
    if (r) return r;
    yield src.bytes.length + 1;
  }
}

/** Drives one resumable reader over a growing buffer. */
export class StepReader<T> {
  private readonly src: { bytes: Uint8Array } = { bytes: new Uint8Array(0) };
  private readonly steps: Steps<T>;
  private state: IteratorResult<number, T> | undefined;
  /** Times the reader was resumed (for the linear-cost regression test). */
  resumes = 0;

  constructor(make: (src: Source) => Steps<T>) {
    this.steps = make(this.src);
  }

  /** Bytes needed before reading can go on (0 before the first call). */
  get need(): number {
    return this.state && !this.state.done ? this.state.value : 0;
  }

  /** Reads on with `bytes` (every byte so far); returns the value once complete, else undefined. */
  read(bytes: Uint8Array): T | undefined {
    this.src.bytes = bytes;
    if (this.state?.done) return this.state.value;
    if (bytes.length < this.need) return undefined;
    this.resumes++;
    this.state = this.steps.next();
    return this.state.done ? this.state.value : undefined;
  }
}

/** Runs `make`'s reader over `bytes`: the value, or undefined when `bytes` is too short. */
export function readAll<T>(bytes: Uint8Array, make: (src: Source) => Steps<T>): T | undefined {
  return new StepReader(make).read(bytes);
}
