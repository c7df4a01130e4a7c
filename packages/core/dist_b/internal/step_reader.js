/**
 * Resumable readers. A reader of a variable-length section is written once as a generator of
 * steps over a {@link Source} whose bytes only grow: it yields the byte count it needs before it
 * can go on and resumes where it stopped, so a header that arrives in many small chunks is read in
 * time linear in its length. {@link StepReader} drives one; {@link readAll} runs one over bytes that
 * are all there (or returns undefined: need more).
 */
/** Waits until `n` bytes are there. */
export function* want(src, n) {
    while (src.bytes.length < n)
        yield n;
}
/** Runs a section reader at offset `o`, waiting for more bytes while it says it needs them. */
export function* section(src, read, o) {
    for (;;) {
        const r = read(src.bytes, o);
        if (r)
            return r;
        yield src.bytes.length + 1;
    }
}
/** Drives one resumable reader over a growing buffer. */
export class StepReader {
    src = { bytes: Buffer.alloc(0) };
    steps;
    state;
    /** Times the reader was resumed (for the linear-cost regression test). */
    resumes = 0;
    constructor(make) {
        this.steps = make(this.src);
    }
    /** Bytes needed before reading can go on (0 before the first call). */
    get need() {
        return this.state && !this.state.done ? this.state.value : 0;
    }
    /** Reads on with `bytes` (every byte so far); returns the value once complete, else undefined. */
    read(bytes) {
        this.src.bytes = bytes;
        if (this.state?.done)
            return this.state.value;
        if (bytes.length < this.need)
            return undefined;
        this.resumes++;
        this.state = this.steps.next();
        return this.state.done ? this.state.value : undefined;
    }
}
/** Runs `make`'s reader over `bytes`: the value, or undefined when `bytes` is too short. */
export function readAll(bytes, make) {
    return new StepReader(make).read(bytes);
}
//# sourceMappingURL=step_reader.js.map