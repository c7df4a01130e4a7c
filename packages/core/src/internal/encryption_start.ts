/** What every materials manager that asks a keyring to encrypt starts from. */
import type { KeyObject } from 'node:crypto';
import type { EncryptionContext, EncryptionMaterials } from '../materials.js';
import type { AlgorithmSuite } from '../suites.js';
import { PUBLIC_KEY_CONTEXT_KEY } from '../format/encryption_context.js';
import { generateSigningKey } from '../crypto/signature.js';

/**
 * The materials a keyring's onEncrypt starts from: the caller's context (plus, for signed suites, a
 * fresh signing key whose public half goes into the context), no EDKs yet. `signing` is what the
 * manager puts back over the keyring's answer, since the signing key is the manager's to keep.
 */
export function encryptionStart(suite: AlgorithmSuite, context: EncryptionContext): { start: EncryptionMaterials; signing: { signingKey: KeyObject } | undefined } {
  let encryptionContext: EncryptionContext = { ...context };
  let signing: { signingKey: KeyObject } | undefined;
  if (suite.signature) {
    const s = generateSigningKey(suite);
    encryptionContext = { ...encryptionContext, [PUBLIC_KEY_CONTEXT_KEY]: s.publicKeyBase64 };
    signing = { signingKey: s.signingKey };
  }
  return { start: { suite, encryptionContext: Object.freeze(encryptionContext), encryptedDataKeys: [], ...signing }, signing };
}

/** Wipes the data key of materials that arrived after the caller gave up (raceSignal's discard). */
export function wipeLate(m: { plaintextDataKey?: Uint8Array } | undefined): void {
  if (m?.plaintextDataKey instanceof Uint8Array) m.plaintextDataKey.fill(0);
}
