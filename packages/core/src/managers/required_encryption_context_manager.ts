/**
 * A materials manager that insists on encryption context keys: every message it encrypts carries
 * them, and it opens a message only for a caller who states their values (as the Python SDK's and
 * the Material Providers Library's required-encryption-context CMM, except that here the pairs stay
 * in the message header).
 */
import { EncryptionContextError, InvalidArgumentError, needs } from '../errors.js';
import type { DecryptionMaterials, EncryptionMaterials, Keyring } from '../materials.js';
import type { DecryptionRequest, EncryptionRequest, MaterialsManager } from '../materials_manager.js';
import { toMaterialsManager } from './default_materials_manager.js';
import { RESERVED_PREFIX } from '../format/encryption_context.js';

/** Options of {@link RequiredEncryptionContextManager}. */
export interface RequiredEncryptionContextManagerOptions {
  /** The keyring (wrapped in DefaultMaterialsManager) or manager that does the work. */
  readonly source: Keyring | MaterialsManager;
  /** Keys every encryption context must hold, and every decrypting caller must reproduce. */
  readonly requiredKeys: readonly string[];
}

const quote = (k: string): string => JSON.stringify(k);

/**
 * Encrypt: EncryptionContextError unless the context holds every required key. Decrypt:
 * EncryptionContextError unless the caller's `encryptionContext` option gives every required key
 * with the message's value. Put it outside a {@link CachingMaterialsManager}, not inside: a cache
 * answers hits without asking its source.
 */
export class RequiredEncryptionContextManager implements MaterialsManager {
  /** The manager the checked requests go to. */
  readonly source: MaterialsManager;
  /** The required keys. */
  readonly requiredKeys: readonly string[];

  constructor(options: RequiredEncryptionContextManagerOptions) {
    needs(options && typeof options === 'object', InvalidArgumentError, 'RequiredEncryptionContextManager needs options ({ source, requiredKeys })');
    const keys: unknown = options.requiredKeys;
    needs(Array.isArray(keys) && keys.length > 0, InvalidArgumentError, 'requiredKeys must be a non-empty array of strings');
    for (const k of keys as unknown[]) {
      needs(typeof k === 'string' && k.length > 0, InvalidArgumentError, 'requiredKeys must hold non-empty strings');
      needs(!k.startsWith(RESERVED_PREFIX), InvalidArgumentError, `required key ${quote(k)} uses the reserved prefix ${RESERVED_PREFIX}`);
    }
    this.source = toMaterialsManager(options.source);
    this.requiredKeys = Object.freeze([...new Set(keys as string[])]);
  }

  /** Refuses a context without every required key; the materials must keep them. */
  async getEncryptionMaterials(request: EncryptionRequest): Promise<EncryptionMaterials> {
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
  async decryptMaterials(request: DecryptionRequest): Promise<DecryptionMaterials> {
    const given = request.encryptionContext ?? {};
    const stored = request.header.encryptionContext;
    for (const k of this.requiredKeys) {
      needs(Object.hasOwn(given, k), EncryptionContextError, `required encryption context key ${quote(k)} was not given (pass it in the encryptionContext option)`);
      needs(Object.hasOwn(stored, k) && stored[k] === given[k], EncryptionContextError, `required encryption context key ${quote(k)}: the given value differs from the message's`);
    }
    return this.source.decryptMaterials(request);
  }
}
