import type { AlgorithmSuite } from '../suites.js';
import type { Read } from '../internal/step_reader.js';
/** The marker a final frame starts with instead of a sequence number. */
export declare const FINAL_FRAME_MARKER = 4294967295;
/** Largest non-framed content the format allows (2^36 - 32). */
export declare const MAX_NON_FRAMED_LENGTH: number;
/** Which part of the body a head starts; also the AAD label of its content. */
export type BodyKind = 'frame' | 'final' | 'single';
/** The head of one body part. */
export interface BodyHead {
    readonly kind: BodyKind;
    /** Sequence number (1 for non-framed content). */
    readonly sequence: number;
    readonly iv: Uint8Array;
    /** Content length: the frame length for regular frames, as stored for the others. */
    readonly length: number;
}
/** Bytes of a head of this kind. */
export declare function headLength(kind: BodyKind, suite: AlgorithmSuite): number;
/** Bytes a body part of this kind adds to its content (head and tag). */
export declare function bodyOverhead(kind: BodyKind, suite: AlgorithmSuite): number;
/**
 * Reads a regular or final frame head at b[o..] of a message with `frameLength`; undefined when
 * `b` ends first. Throws MalformedMessageError for a final frame longer than the frame length.
 */
export declare function readFrameHead(b: Buffer, o: number, suite: AlgorithmSuite, frameLength: number): Read<BodyHead & {
    kind: 'frame' | 'final';
}>;
/** Reads the non-framed head at b[o..]; undefined when `b` ends first. */
export declare function readSingleHead(b: Buffer, o: number, suite: AlgorithmSuite): Read<BodyHead & {
    kind: 'single';
}>;
/**
 * Writes the head of regular frame `sequence` at out[o..] ({@link writeBodyHead} without a head
 * object, for the per-frame path); `iv` must have the suite's IV length. Returns the offset after it.
 */
export declare function writeFrameHead(sequence: number, iv: Uint8Array, out: Buffer, o: number): number;
/** Writes `head` at out[o..]; returns the offset after it (where the content goes). */
export declare function writeBodyHead(head: BodyHead, suite: AlgorithmSuite, out: Buffer, o: number): number;
//# sourceMappingURL=frame_head.d.ts.map