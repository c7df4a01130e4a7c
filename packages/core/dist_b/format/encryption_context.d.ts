import type { EncryptionContext } from '../materials.js';
import type { Read } from '../internal/step_reader.js';
/** Reserved key prefix: only the SDK itself may write such keys. */
export declare const RESERVED_PREFIX = "aws-crypto-";
/** Key of the signing public key in the encryption context of signed suites. */
export declare const PUBLIC_KEY_CONTEXT_KEY = "aws-crypto-public-key";
/** Serializes an encryption context; empty context → empty bytes. */
export declare function serializeEncryptionContext(ec: EncryptionContext): Buffer;
/** Parses serialized context bytes (the whole field); throws MalformedMessageError on any defect. */
export declare function parseEncryptionContext(b: Buffer): EncryptionContext;
/**
 * Reads the header's length-prefixed context field at b[o..]: the context and the offset after
 * it, or undefined when `b` ends first. A defective context throws MalformedMessageError.
 */
export declare function readEncryptionContextField(b: Buffer, o: number): Read<{
    readonly context: EncryptionContext;
    readonly bytes: Buffer;
}>;
/** Writes the length-prefixed context field (the inverse of {@link readEncryptionContextField}). */
export declare function writeEncryptionContextField(ec: EncryptionContext): Buffer;
//# sourceMappingURL=encryption_context.d.ts.map