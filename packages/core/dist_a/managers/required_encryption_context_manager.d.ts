import type { DecryptionMaterials, EncryptionMaterials, Keyring } from '../materials.js';
import { type DecryptionRequest, type EncryptionRequest, type MaterialsManager } from '../materials_manager.js';
/** Options of {@link RequiredEncryptionContextManager}. */
export interface RequiredEncryptionContextManagerOptions {
    /** The keyring (wrapped in DefaultMaterialsManager) or manager that does the work. */
    readonly source: Keyring | MaterialsManager;
    /** Keys every encryption context must hold, and every decrypting caller must reproduce. */
    readonly requiredKeys: readonly string[];
}
/**
 * Encrypt: EncryptionContextError unless the context holds every required key. Decrypt:
 * EncryptionContextError unless the caller's `encryptionContext` option gives every required key
 * with the message's value. Put it outside a {@link CachingMaterialsManager}, not inside: a cache
 * answers hits without asking its source.
 */
export declare class RequiredEncryptionContextManager implements MaterialsManager {
    /** The manager the checked requests go to. */
    readonly source: MaterialsManager;
    /** The required keys. */
    readonly requiredKeys: readonly string[];
    constructor(options: RequiredEncryptionContextManagerOptions);
    /** Refuses a context without every required key; the materials must keep them. */
    getEncryptionMaterials(request: EncryptionRequest): Promise<EncryptionMaterials>;
    /** Refuses unless the caller reproduces every required pair with the message's value. */
    decryptMaterials(request: DecryptionRequest): Promise<DecryptionMaterials>;
}
//# sourceMappingURL=required_encryption_context_manager.d.ts.map