import type { EncryptedDataKey } from '../materials.js';
import { type Read, type Source, type Steps } from '../internal/step_reader.js';
/** Limits a reader enforces as soon as the count is read, before anything is allocated. */
export interface EdkLimits {
    /** Refuse more EDKs than this (LimitExceededError). */
    readonly maxEncryptedDataKeys?: number | undefined;
}
/** Reads the edk count at b[o..]; throws if it is 0 or over the limit; undefined when short. */
export declare function readEdkCount(b: Buffer, o: number, limits?: EdkLimits): Read<number>;
/** Reads one EDK at b[o..] (its fields copied out of `b`); undefined when `b` ends first. */
export declare function readEncryptedDataKey(b: Buffer, o: number): Read<EncryptedDataKey>;
/** Resumable reader of the whole EDK section at offset `o`: one EDK at a time, never re-read. */
export declare function encryptedDataKeysSteps(src: Source, o: number, limits?: EdkLimits): Steps<{
    value: readonly EncryptedDataKey[];
    end: number;
}>;
/** Writes the EDK section (count and keys); throws MalformedMessageError for counts or fields out of range. */
export declare function writeEncryptedDataKeys(edks: readonly EncryptedDataKey[]): Buffer;
//# sourceMappingURL=encrypted_data_keys.d.ts.map