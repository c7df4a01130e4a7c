import type { EncryptedDataKey, EncryptionContext } from '../materials.js';
import type { MessageHeader } from '../header_types.js';
import { type AlgorithmSuite } from '../suites.js';
import type { EdkLimits } from './encrypted_data_keys.js';
/** A header as read from a message, with what decryption needs besides the public fields. */
export interface ParsedHeader extends MessageHeader {
    readonly suite: AlgorithmSuite;
    readonly messageId: Buffer;
    /** The header body: every byte the header auth tag covers. */
    readonly body: Buffer;
    /** v1: the IV stored in the header auth; v2: all zeros. */
    readonly headerIv: Buffer;
    readonly headerTag: Buffer;
    /** v2: the key commitment (suite data). */
    readonly commitment: Buffer | undefined;
    /** Total header length in bytes, auth included. */
    readonly length: number;
}
/** What a header writer lays out (a {@link ParsedHeader} is one, so parsed headers write back). */
export interface HeaderFields {
    readonly suite: AlgorithmSuite;
    readonly messageId: Uint8Array;
    readonly encryptionContext: EncryptionContext;
    readonly encryptedDataKeys: readonly EncryptedDataKey[];
    /** 0 writes a non-framed message. */
    readonly frameLength: number;
    /** v2: the key commitment. */
    readonly commitment?: Uint8Array | undefined;
    /** v1: the header auth IV (zeros when absent). */
    readonly headerIv?: Uint8Array | undefined;
}
/** Computes the header auth tag over the authenticated bytes the writer laid out, with `iv`. */
export type HeaderAuth = (authenticated: Buffer, iv: Buffer) => Uint8Array;
/** Limits a header reader enforces before allocating. */
export type HeaderLimits = EdkLimits;
/** The suite of a header's suite id, which must belong to the header's version. */
export declare function suiteOf(id: number, version: 1 | 2): AlgorithmSuite;
/** The content type byte, read. */
export declare function readContentType(byte: number | undefined): MessageHeader['contentType'];
/** The content type byte of a frame length (0: non-framed). */
export declare function contentTypeOf(frameLength: number): number;
/** Framed content has frames; non-framed content has frame length 0. */
export declare function checkFields(contentType: MessageHeader['contentType'], frameLength: number): void;
//# sourceMappingURL=header_fields.d.ts.map