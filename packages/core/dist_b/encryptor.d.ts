/**
 * What buffer and stream encryption share: the header (materials, message id, keys, header auth)
 * and writers for each body part.
 */
import type { KeyObject, Sign } from 'node:crypto';
import type { Keyring } from './materials.js';
import { type MaterialsManager } from './materials_manager.js';
import type { KeyAttempt } from './errors.js';
import type { MessageHeader } from './header_types.js';
import type { AlgorithmSuite } from './suites.js';
import { type BodyKind } from './format/frame_head.js';
import { BodyCipher } from './crypto/body_cipher.js';
import { type EncryptOptions } from './options.js';
export interface StartedMessage {
    readonly suite: AlgorithmSuite;
    /** The complete header, auth included. */
    readonly headerBytes: Buffer;
    readonly header: MessageHeader;
    readonly body: BodyCipher;
    readonly signer: Sign | undefined;
    readonly signingKey: KeyObject | undefined;
    readonly frameLength: number;
    readonly skippedKeys: readonly KeyAttempt[] | undefined;
}
/** The frame length an encryption uses, validated. */
export declare function frameLengthOf(options: EncryptOptions): number;
/**
 * Gets materials from the manager (a keyring is wrapped in the default one), derives the keys
 * (wiping the data key at once) and writes the header.
 */
export declare function startMessage(keyringOrManager: Keyring | MaterialsManager, options: EncryptOptions, plaintextLength: number | undefined): Promise<StartedMessage>;
/**
 * Writes one body part (head, ciphertext, tag) at out[o..]; returns the offset after it.
 * `kind` 'single' is the whole non-framed body (sequence 1).
 */
export declare function writePart(body: BodyCipher, kind: BodyKind, seq: number, plaintext: Uint8Array, out: Buffer, o: number): number;
/** Writes a regular frame at out[o..]; returns the offset after it. */
export declare function writeFrame(body: BodyCipher, seq: number, plaintext: Uint8Array, out: Buffer, o: number): number;
/** Writes the final frame at out[o..]; returns the offset after it. */
export declare function writeFinalFrame(body: BodyCipher, seq: number, plaintext: Uint8Array, out: Buffer, o: number): number;
/** Writes a non-framed body at out[o..]; returns the offset after it. */
export declare function writeNonFramed(body: BodyCipher, plaintext: Uint8Array, out: Buffer, o: number): number;
/** Signs and writes the footer at out[o..]; returns the offset after it. */
export declare function writeFooter(signer: Sign, key: KeyObject, out: Buffer, o: number): number;
//# sourceMappingURL=encryptor.d.ts.map