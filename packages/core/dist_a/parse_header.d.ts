import type { MessageHeader } from './header_types.js';
/**
 * Reads the header at the start of a message without decrypting anything (for inspection).
 * Returns undefined if `bytes` does not hold the whole header yet. Nothing here is authenticated:
 * the header tag can only be checked with the data key.
 */
export declare function parseHeader(bytes: Uint8Array): {
    /** The header fields. */
    header: MessageHeader;
    /** Its length in bytes, header auth included (where the body starts). */
    headerLength: number;
} | undefined;
//# sourceMappingURL=parse_header.d.ts.map