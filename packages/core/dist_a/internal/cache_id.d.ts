import type { EncryptedDataKey, EncryptionContext } from '../materials.js';
/** SHA-512 of the partition's UTF-8 bytes: computed once per manager. */
export declare function partitionDigest(partition: string): Buffer;
/** The entry id of an encryption request (hex). */
export declare function encryptionCacheId(partition: Buffer, suiteId: number | undefined, context: EncryptionContext): string;
/** The entry id of a decryption request (hex): the message's suite, EDKs (in any order) and context. */
export declare function decryptionCacheId(partition: Buffer, suiteId: number, edks: readonly EncryptedDataKey[], context: EncryptionContext): string;
//# sourceMappingURL=cache_id.d.ts.map