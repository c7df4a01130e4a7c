/**
 * Message key derivation (AWS ESDK spec, framework/algorithm-suites.md § key derivation):
 * - identity suites: the data key is the message key;
 * - v1 HKDF suites: HKDF(hash, salt = none, ikm = data key, info = suite id ‖ message id);
 * - v2 committing suites: HKDF-SHA512 with salt = message id, info = suite id ‖ "DERIVEKEY" for the
 *   message key, and info = "COMMITKEY" for the 32-byte commitment stored in the header.
 */
import { type KeyObject } from 'node:crypto';
import type { AlgorithmSuite } from '../suites.js';
export interface MessageKeys {
    /** The AES-GCM key for the header auth and the body. */
    readonly key: KeyObject;
    /** v2: the key commitment. */
    readonly commitment: Buffer | undefined;
}
/** Derives the message key (and commitment) from the data key. Does not wipe the data key. */
export declare function deriveMessageKeys(suite: AlgorithmSuite, dataKey: Uint8Array, messageId: Buffer): MessageKeys;
/** Constant-time check of the header's commitment against the derived one. */
export declare function checkCommitment(expected: Buffer | undefined, actual: Buffer | undefined): void;
//# sourceMappingURL=kdf.d.ts.map