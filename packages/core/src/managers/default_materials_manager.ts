/**
 * The default materials manager: picks the suite the policy allows, adds the signing key of signed
 * suites, and asks the keyring. Core checks what comes back (see materials_checks.ts), so a custom
 * manager gets the same checks.
 */
import { InvalidArgumentError, UnsupportedSuiteError, needs } from '../errors.js';
import type { DecryptionMaterials, EncryptionMaterials, Keyring } from '../materials.js';
import { isKeyring, isMaterialsManager, type DecryptionRequest, type EncryptionRequest, type MaterialsManager } from '../materials_manager.js';
import { encryptionSuiteFor } from '../commitment_policy.js';
import { findSuite } from '../suites.js';
import { PUBLIC_KEY_CONTEXT_KEY } from '../format/encryption_context.js';
import { verificationKeyFrom } from '../crypto/signature.js';
import { isPromise } from '../crypto/maybe.js';
import { raceSignal } from '../internal/abort.js';
import { encryptionStart, wipeLate } from '../encryption_start.js';


/** Wraps a keyring as a {@link MaterialsManager}; what every entry point does with a plain keyring. */
export class DefaultMaterialsManager implements MaterialsManager {
  /** The keyring asked for every message. */
  readonly keyring: Keyring;

  constructor(keyring: Keyring) {
    needs(typeof keyring?.onEncrypt === 'function' && typeof keyring.onDecrypt === 'function', InvalidArgumentError, 'DefaultMaterialsManager needs a keyring (onEncrypt, onDecrypt)');
    this.keyring = keyring;
  }

  /** Suite from the request and policy; a fresh signing key for signed suites; the keyring's data key and EDKs. */
  async getEncryptionMaterials(request: EncryptionRequest): Promise<EncryptionMaterials> {
    const suite = encryptionSuiteFor(request.commitmentPolicy, request.suiteId);
    let started = encryptionStart(suite, request.encryptionContext);
    if (isPromise(started)) started = await started;
    const { start, signing } = started;
    const options = request.signal ? { signal: request.signal } : {};
    const m = await raceSignal(this.keyring.onEncrypt(start, options), request.signal, wipeLate);
    // The keyring copies unknown fields through with the spread; the signing key is ours to keep.
    return m && typeof m === 'object' ? { ...m, encryptionContext: start.encryptionContext, ...signing } : m;
  }

  /** The keyring's data key for one of the header's EDKs; the verification key from the context. */
  async decryptMaterials(request: DecryptionRequest): Promise<DecryptionMaterials> {
    const h = request.header;
    const suite = findSuite(h.suiteId);
    needs(suite, UnsupportedSuiteError, `unknown algorithm suite 0x${h.suiteId.toString(16).padStart(4, '0')}`);
    const publicKey = h.encryptionContext[PUBLIC_KEY_CONTEXT_KEY];
    let verificationKey = suite.signature && publicKey !== undefined ? verificationKeyFrom(suite, publicKey) : undefined;
    if (isPromise(verificationKey)) verificationKey = await verificationKey;
    const start: DecryptionMaterials = { suite, encryptionContext: h.encryptionContext, ...(verificationKey ? { verificationKey } : {}) };
    const options = request.signal ? { signal: request.signal } : {};
    return raceSignal(this.keyring.onDecrypt(start, h.encryptedDataKeys, options), request.signal, wipeLate);
  }
}

/** The manager an entry point uses: the manager itself, or a keyring wrapped in DefaultMaterialsManager. */
export function toMaterialsManager(keyringOrManager: Keyring | MaterialsManager): MaterialsManager {
  if (isMaterialsManager(keyringOrManager)) return keyringOrManager;
  if (isKeyring(keyringOrManager)) return new DefaultMaterialsManager(keyringOrManager);
  throw new InvalidArgumentError('expected a Keyring (onEncrypt, onDecrypt) or a MaterialsManager (getEncryptionMaterials, decryptMaterials)');
}
