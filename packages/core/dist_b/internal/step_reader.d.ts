/**
 * Resumable readers. A reader of a variable-length section is written once as a generator of
 * steps over a {@link Source} whose bytes only grow: it yields the byte count it needs before it
 * can go on and resumes where it stopped, so a header that arrives in many small chunks is read in
 * time linear in its length. {@link StepReader} drives one; {@link readAll} runs one over bytes that
 * are all there (or returns undefined: need more).
 */
/** The bytes received so far; `bytes` may be replaced by a longer buffer holding the same prefix. */
export interface Source {
    readonly bytes: Buffer;
}
/** A resumable reader: yields "need this many bytes", returns the value. */
export type Steps<T> = Generator<number, T, void>;
/** A section reader over whole bytes: the value and the offset after it, or undefined (need more). */
export type Read<T> = {
    readonly value: T;
    readonly end: number;
} | undefined;
/** Waits until `n` bytes are there. */
export declare function want(src: Source, n: number): Steps<void>;
/** Runs a section reader at offset `o`, waiting for more bytes while it says it needs them. */
export declare function section<T>(src: Source, read: (b: Buffer, o: number) => Read<T>, o: number): Steps<{
    value: T;
    end: number;
}>;
/** Drives one resumable reader over a growing buffer. */
export declare class StepReader<T> {
    private readonly src;
    private readonly steps;
    private state;
    /** Times the reader was resumed (for the linear-cost regression test). */
    resumes: number;
    constructor(make: (src: Source) => Steps<T>);
    /** Bytes needed before reading can go on (0 before the first call). */
    get need(): number;
    /** Reads on with `bytes` (every byte so far); returns the value once complete, else undefined. */
    read(bytes: Buffer): T | undefined;
}
/** Runs `make`'s reader over `bytes`: the value, or undefined when `bytes` is too short. */
export declare function readAll<T>(bytes: Buffer, make: (src: Source) => Steps<T>): T | undefined;
//# sourceMappingURL=step_reader.d.ts.map