import { PUBLIC_KEY_CONTEXT_KEY } from '../format/encryption_context.js';
import { generateSigningKey } from '../crypto/signature.js';
/**
 * The materials a keyring's onEncrypt starts from: the caller's context (plus, for signed suites, a
 * fresh signing key whose public half goes into the context), no EDKs yet. `signing` is what the
 * manager puts back over the keyring's answer, since the signing key is the manager's to keep.
 */
export function encryptionStart(suite, context) {
    let encryptionContext = { ...context };
    let signing;
    if (suite.signature) {
        const s = generateSigningKey(suite);
        encryptionContext = { ...encryptionContext, [PUBLIC_KEY_CONTEXT_KEY]: s.publicKeyBase64 };
        signing = { signingKey: s.signingKey };
    }
    return { start: { suite, encryptionContext: Object.freeze(encryptionContext), encryptedDataKeys: [], ...signing }, signing };
}
/** Wipes the data key of materials that arrived after the caller gave up (raceSignal's discard). */
export function wipeLate(m) {
    if (m?.plaintextDataKey instanceof Uint8Array)
        m.plaintextDataKey.fill(0);
}
//# sourceMappingURL=encryption_start.js.map