import type { KeyAttempt } from './errors.js';
import type { KeyDescription, Keyring } from './materials.js';
import { type MaterialsManager } from './materials_manager.js';
import type { MessageHeader } from './header_types.js';
import type { DecryptOptions } from './options.js';
/** Result of {@link decrypt}. */
export interface DecryptResult {
    /** The authenticated plaintext. */
    readonly plaintext: Uint8Array;
    /** The message's header. */
    readonly header: MessageHeader;
    /** The key that opened the message, when the keyring says. */
    readonly decryptedBy?: KeyDescription;
    /** Keys tried before (or besides) the one that worked, when the keyring says. */
    readonly attempts?: readonly KeyAttempt[];
}
/**
 * Decrypts a whole message with a keyring or a materials manager. Nothing is returned unless every
 * tag, the key commitment and (for signed suites) the signature verified.
 */
export declare function decrypt(keyringOrManager: Keyring | MaterialsManager, ciphertext: Uint8Array, options?: DecryptOptions): Promise<DecryptResult>;
//# sourceMappingURL=decrypt.d.ts.map