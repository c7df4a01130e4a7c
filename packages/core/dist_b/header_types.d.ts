import type { EncryptedDataKey, EncryptionContext } from './materials.js';
/** The parsed header of a message, as `encrypt`, `decrypt` and `decryptStream`'s `'header'` event give it. */
export interface MessageHeader {
    /** Message format version: 1 for suites up to 0x0378, 2 for committing suites. */
    readonly version: 1 | 2;
    /** Algorithm suite id, e.g. 0x0578. */
    readonly suiteId: number;
    /** Random message id (16 bytes in v1, 32 in v2). */
    readonly messageId: Uint8Array;
    /** The authenticated, non-secret context. */
    readonly encryptionContext: EncryptionContext;
    /** The wrapped copies of the data key, one per master key. */
    readonly encryptedDataKeys: readonly EncryptedDataKey[];
    /** Framed (streamable) or one non-framed block. */
    readonly contentType: 'framed' | 'non-framed';
    /** Frame length in bytes; 0 for non-framed messages. */
    readonly frameLength: number;
}
//# sourceMappingURL=header_types.d.ts.map