/**
 * A materials manager that insists on encryption context keys: every message it encrypts carries
 * them, and it opens a message only for a caller who states their values (as the Python SDK's and
 * the Material Providers Library's required-encryption-context CMM, except that here the pairs stay
 * in the message header).
 */
import { EncryptionContextError, InvalidArgumentError, needs } from '../errors.js';
import { toMaterialsManager } from '../materials_manager.js';
import { RESERVED_PREFIX } from '../format/encryption_context.js';
const quote = (k) => JSON.stringify(k);
/**
 * Encrypt: EncryptionContextError unless the context holds every required key. Decrypt:
 * EncryptionContextError unless the caller's `encryptionContext` option gives every required key
 * with the message's value. Put it outside a {@link CachingMaterialsManager}, not inside: a cache
 * answers hits without asking its source.
 */
export class RequiredEncryptionContextManager {
    /** The manager the checked requests go to. */
    source;
    /** The required keys. */
    requiredKeys;
    constructor(options) {
        needs(options && typeof options === 'object', InvalidArgumentError, 'RequiredEncryptionContextManager needs options ({ source, requiredKeys })');
        const keys = options.requiredKeys;
        needs(Array.isArray(keys) && keys.length > 0, InvalidArgumentError, 'requiredKeys must be a non-empty array of strings');
        for (const k of keys) {
            needs(typeof k === 'string' && k.length > 0, InvalidArgumentError, 'requiredKeys must hold non-empty strings');
            needs(!k.startsWith(RESERVED_PREFIX), InvalidArgumentError, `required key ${quote(k)} uses the reserved prefix ${RESERVED_PREFIX}`);
        }
        this.source = toMaterialsManager(options.source);
        this.requiredKeys = Object.freeze([...new Set(keys)]);
    }
    /** Refuses a context without every required key; the materials must keep them. */
    async getEncryptionMaterials(request) {
        const ec = request.encryptionContext ?? {};
        for (const k of this.requiredKeys) {
            needs(Object.hasOwn(ec, k), EncryptionContextError, `encryption context lacks the required key ${quote(k)}`);
        }
        const m = await this.source.getEncryptionMaterials(request);
        const out = m?.encryptionContext;
        if (!out || this.requiredKeys.some((k) => !Object.hasOwn(out, k) || out[k] !== ec[k])) {
            m?.plaintextDataKey?.fill(0);
            throw new EncryptionContextError('the materials manager dropped or changed a required encryption context pair');
        }
        return m;
    }
    /** Refuses unless the caller reproduces every required pair with the message's value. */
    async decryptMaterials(request) {
        const given = request.encryptionContext ?? {};
        const stored = request.header.encryptionContext;
        for (const k of this.requiredKeys) {
            needs(Object.hasOwn(given, k), EncryptionContextError, `required encryption context key ${quote(k)} was not given (pass it in the encryptionContext option)`);
            needs(Object.hasOwn(stored, k) && stored[k] === given[k], EncryptionContextError, `required encryption context key ${quote(k)}: the given value differs from the message's`);
        }
        return this.source.decryptMaterials(request);
    }
}
//# sourceMappingURL=required_encryption_context_manager.js.map