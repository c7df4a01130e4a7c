import type { DecryptionMaterials } from './materials.js';
import type { MaterialsManager } from './materials_manager.js';
import { type ParsedHeader } from './format/header.js';
import { type DecryptOptions } from './options.js';
type Emit = (plaintext: Buffer) => void;
/** What a caller that needs more than plaintext (rewrap) sees while a message is read. */
export interface DecoderTap {
    /** Once the header authenticated: a copy of the data key, which the tap owns and must wipe. */
    opened(header: ParsedHeader, materials: DecryptionMaterials, dataKey: Uint8Array): Promise<void>;
    /** The raw bytes of each body part once its tag verified (views: copy what is kept). */
    part(pieces: readonly Buffer[]): void;
}
export declare class MessageDecoder {
    private readonly manager;
    private readonly options;
    /** Streams cap non-framed bodies and own what they keep; a whole buffer is already in memory. */
    private readonly streaming;
    private readonly tap?;
    private readonly q;
    private state;
    private seq;
    private body;
    /** A stream's large part being opened as its content arrives (see {@link PartOpening}). */
    private opening;
    private verifier;
    private verificationKey;
    /** Frames opened on worker threads (streams with `concurrency` > 1). */
    private parallel;
    private readonly concurrency;
    /** A header that arrived in pieces, gathered until complete (read incrementally, never re-read). */
    private readonly held;
    private readonly reader;
    private readonly maxHeader;
    private readonly maxFrame;
    private readonly maxBody;
    /** Bytes of the longest body head of this message (set with the header). */
    private headRoom;
    /** Bytes of the longest small body part (0 for large ones): room kept for a part split over writes. */
    private partRoom;
    header: ParsedHeader | undefined;
    materials: DecryptionMaterials | undefined;
    constructor(manager: MaterialsManager, options: DecryptOptions, 
    /** Streams cap non-framed bodies and own what they keep; a whole buffer is already in memory. */
    streaming: boolean, tap?: DecoderTap | undefined);
    /** Work spent on the header so far: bytes copied and reader resumes (linear in its length). */
    get headerWork(): {
        readonly copied: number;
        readonly resumes: number;
    };
    /** Feeds bytes; `emit` receives each authenticated plaintext piece. Resolves when no complete unit is left. */
    write(chunk: Buffer, emit: Emit): Promise<void>;
    /**
     * {@link write} without a promise where nothing has to wait (the header is read, frames are
     * opened on this thread): false, and nothing done, where the caller must use write().
     */
    writeNow(chunk: Buffer, emit: Emit): boolean;
    private writeBody;
    /** Call at the end of input: throws if the message is incomplete. */
    end(): void;
    /** {@link end} for streams: first releases the frames still out on worker threads, in order. */
    finish(emit: Emit): Promise<void>;
    /** Stops the worker threads, if any, and wipes unverified plaintext held (the stream failed or was destroyed). */
    close(): void;
    /**
     * The steps of a message whose frames go to worker threads: the window of batches out is kept
     * bounded, and all of them are released before the footer or the end is checked, so errors come
     * in the order of the single-thread path.
     */
    private stepParallel;
    /** Reads the header once complete and opens the message; returns the bytes after it, or undefined. */
    private readHeader;
    /** Reads one unit (a frame, the non-framed body, the footer); false when it needs more bytes or the message ended. */
    private step;
    /** One frame, or the non-framed body: its head, then the whole part once it is there. */
    private part;
    /** After a part: the next frame, or the footer or the end. */
    private partDone;
    /** Deciphers the queued content of the part being opened; once its tag is there, checks it and emits the plaintext. */
    private feed;
    /**
     * Opens the part at the front of the queue and emits its plaintext once its tag verified. A large
     * part is decrypted from the queued chunks in place, without gathering it into one buffer. The
     * part may already lie whole in `at` from offset `o` (the front chunk, or a peek).
     */
    private open;
    /**
     * The footer of a signed suite: the signature over everything before it, checked here or, when
     * a signature worker hashed the frames, there (`p`; a promise then).
     */
    private footer;
}
export {};
//# sourceMappingURL=decoder.d.ts.map