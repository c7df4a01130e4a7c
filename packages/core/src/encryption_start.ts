/** What every materials manager that asks a keyring to encrypt starts from. */
import type { MaybePromise, SigningKey } from './crypto/backend.js';
import { after } from './crypto/maybe.js';
import type { EncryptionContext, EncryptionMaterials } from './materials.js';
import type { AlgorithmSuite } from './suites.js';
import { PUBLIC_KEY_CONTEXT_KEY } from './format/encryption_context.js';
import { generateSigningKey } from './crypto/signature.js';

/**
 * The materials a keyring's onEncrypt starts from: the caller's context (plus, for signed suites, a
 * fresh signing key whose public half goes into the context), no EDKs yet. `signing` is what the
 * manager puts back over the keyring's answer, since the signing key is the manager's to keep.
 */
export function encryptionStart(suite: AlgorithmSuite, context: EncryptionContext): MaybePromise<EncryptionStart> {
  if (!suite.signature) return { start: { suite, encryptionContext: Object.freeze({ ...context }), encryptedDataKeys: [] }, signing: undefined };
  return after(generateSigningKey(suite), (s) => {
    const signing = { signingKey: s.signingKey };
    const encryptionContext = Object.freeze({ ...context, [PUBLIC_KEY_CONTEXT_KEY]: s.publicKeyBase64 });
    return { start: { suite, encryptionContext, encryptedDataKeys: [], ...signing }, signing };
  });
}

/** What {@link encryptionStart} returns. */
export interface EncryptionStart {
  readonly start: EncryptionMaterials;
  readonly signing: { readonly signingKey: SigningKey } | undefined;
}

/** Wipes the data key of materials that arrived after the caller gave up (raceSignal's discard). */
export function wipeLate(m: { plaintextDataKey?: Uint8Array } | undefined): void {
  if (m?.plaintextDataKey instanceof Uint8Array) m.plaintextDataKey.fill(0);
}
