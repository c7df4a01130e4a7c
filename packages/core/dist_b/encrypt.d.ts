import type { KeyAttempt } from './errors.js';
import type { Keyring } from './materials.js';
import type { MaterialsManager } from './materials_manager.js';
import type { MessageHeader } from './header_types.js';
import type { EncryptOptions } from './options.js';
/** Result of {@link encrypt}. */
export interface EncryptResult {
    /** The whole message: header, body, footer. */
    readonly ciphertext: Uint8Array;
    /** The header written, as a reader would parse it. */
    readonly header: MessageHeader;
    /** Keys the keyring was configured with but skipped (only when it allows fewer keys). */
    readonly skippedKeys?: readonly KeyAttempt[];
}
/**
 * Encrypts `plaintext` into one AWS ESDK-format message under the keyring's keys (a keyring is
 * wrapped in {@link DefaultMaterialsManager}; a manager is asked once). Strings are encoded as UTF-8.
 * @example
 * const { ciphertext } = await encrypt(keyring, 'hello', { encryptionContext: { purpose: 'demo' } });
 */
export declare function encrypt(keyringOrManager: Keyring | MaterialsManager, plaintext: Uint8Array | string, options?: EncryptOptions): Promise<EncryptResult>;
//# sourceMappingURL=encrypt.d.ts.map