import type { DecryptionMaterials, EncryptionMaterials, Keyring } from './materials.js';
import type { DecryptionRequest, EncryptionRequest, MaterialsManager } from './materials_manager.js';
/** Wraps a keyring as a {@link MaterialsManager}; what every entry point does with a plain keyring. */
export declare class DefaultMaterialsManager implements MaterialsManager {
    /** The keyring asked for every message. */
    readonly keyring: Keyring;
    constructor(keyring: Keyring);
    /** Suite from the request and policy; a fresh signing key for signed suites; the keyring's data key and EDKs. */
    getEncryptionMaterials(request: EncryptionRequest): Promise<EncryptionMaterials>;
    /** The keyring's data key for one of the header's EDKs; the verification key from the context. */
    decryptMaterials(request: DecryptionRequest): Promise<DecryptionMaterials>;
}
//# sourceMappingURL=default_materials_manager.d.ts.map