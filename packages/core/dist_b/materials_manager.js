/**
 * The materials-manager seam: what sits between encrypt/decrypt and the keyrings. A manager hands
 * core the materials of one message; core checks them, uses the data key and wipes it. A manager
 * that keeps keys (a cache) must hand out copies.
 */
import { InvalidArgumentError } from './errors.js';
import { DefaultMaterialsManager } from './default_materials_manager.js';
/** True if `x` has the two methods of a {@link MaterialsManager}. */
export function isMaterialsManager(x) {
    const m = x;
    return typeof m?.getEncryptionMaterials === 'function' && typeof m.decryptMaterials === 'function';
}
/** True if `x` has the two methods of a {@link Keyring}. */
export function isKeyring(x) {
    const k = x;
    return typeof k?.onEncrypt === 'function' && typeof k.onDecrypt === 'function';
}
/** The manager an entry point uses: the manager itself, or a keyring wrapped in DefaultMaterialsManager. */
export function toMaterialsManager(keyringOrManager) {
    if (isMaterialsManager(keyringOrManager))
        return keyringOrManager;
    if (isKeyring(keyringOrManager))
        return new DefaultMaterialsManager(keyringOrManager);
    throw new InvalidArgumentError('expected a Keyring (onEncrypt, onDecrypt) or a MaterialsManager (getEncryptionMaterials, decryptMaterials)');
}
//# sourceMappingURL=materials_manager.js.map