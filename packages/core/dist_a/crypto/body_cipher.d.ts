/**
 * AES-GCM of the message body (AWS ESDK spec, data-format/message-body.md § AAD): the layout of
 * the body parts is in format/frame_head.ts.
 *
 * AAD = message id ‖ label ‖ sequence number (4) ‖ content length (8), with label one of
 * "AWSKMSEncryptionClient Frame" / "… Final Frame" / "… Single Block".
 */
import { type DecipherGCM, type KeyObject } from 'node:crypto';
import type { AlgorithmSuite } from '../suites.js';
import type { BodyHead, BodyKind } from '../format/frame_head.js';
/** From this length on, body parts are sealed and opened from views of the input chunks rather than gathered. */
export declare const LARGE_FRAME: number;
/**
 * AES-GCM for one message's body, with the AAD and IV buffers built once and only the sequence
 * number and length rewritten per frame (node:crypto copies them on use).
 */
export declare class BodyCipher {
    readonly suite: AlgorithmSuite;
    readonly key: KeyObject;
    readonly messageId: Buffer;
    private readonly aad;
    private readonly iv;
    private readonly cipher;
    private readonly tagLength;
    /** The cipher options, made once rather than per frame. */
    private readonly options;
    constructor(suite: AlgorithmSuite, key: KeyObject, messageId: Buffer);
    private aadFor;
    /** The IV of sequence number `seq`. */
    ivFor(seq: number): Buffer;
    /**
     * Encrypts `plaintext` as body part `kind` with sequence `seq`: returns the ciphertext as the
     * cipher made it (a fresh Buffer, handed on without a copy) and writes the tag at tagOut[o..].
     */
    seal(kind: BodyKind, seq: number, plaintext: Uint8Array, tagOut: Uint8Array, o: number): Buffer;
    /**
     * {@link seal} into one buffer: IV-less ciphertext at out[o..] and the tag right after it;
     * returns the offset after the tag.
     */
    sealInto(kind: BodyKind, seq: number, plaintext: Uint8Array, out: Buffer, o: number): number;
    /** Encrypts content given as pieces (a large frame spread over input chunks) without joining them. */
    sealPieces(kind: BodyKind, seq: number, pieces: readonly Uint8Array[], length: number): {
        ciphertext: Buffer[];
        tag: Buffer;
    };
    /** Starts opening the part `head` starts, whose content will arrive in pieces. */
    opening(head: BodyHead): PartOpening;
    /** {@link open} over content given as pieces; returns the plaintext pieces once the tag verified. */
    openPieces(kind: BodyKind, seq: number, iv: Uint8Array, pieces: readonly Buffer[], length: number, tag: Buffer): Buffer[];
    /** Decrypts and authenticates; throws AuthenticationError (and returns nothing) if the tag fails. */
    open(kind: BodyKind, seq: number, iv: Uint8Array, ciphertext: Buffer, tag: Buffer): Buffer;
}
/**
 * A body part opened as its content arrives (a stream's large frame): each piece is deciphered at
 * once, so no ciphertext is kept, and the plaintext is held, never released, until the tag verified.
 */
export declare class PartOpening {
    private readonly d;
    readonly kind: BodyKind;
    /** Content bytes still to come. */
    left: number;
    private readonly held;
    constructor(d: DecipherGCM, kind: BodyKind, 
    /** Content bytes still to come. */
    left: number);
    /** Deciphers the next content bytes (at most {@link PartOpening.left}); holds the plaintext. */
    update(ciphertext: Uint8Array): void;
    /** Checks the tag: returns the plaintext, or throws AuthenticationError with the plaintext wiped. */
    finish(tag: Uint8Array): Buffer[];
    /** Wipes the plaintext held (the part failed, or the stream ended before its tag). */
    discard(): void;
}
//# sourceMappingURL=body_cipher.d.ts.map