/** What every materials manager that asks a keyring to encrypt starts from. */
import type { KeyObject } from 'node:crypto';
import type { EncryptionContext, EncryptionMaterials } from '../materials.js';
import type { AlgorithmSuite } from '../suites.js';
/**
 * The materials a keyring's onEncrypt starts from: the caller's context (plus, for signed suites, a
 * fresh signing key whose public half goes into the context), no EDKs yet. `signing` is what the
 * manager puts back over the keyring's answer, since the signing key is the manager's to keep.
 */
export declare function encryptionStart(suite: AlgorithmSuite, context: EncryptionContext): {
    start: EncryptionMaterials;
    signing: {
        signingKey: KeyObject;
    } | undefined;
};
/** Wipes the data key of materials that arrived after the caller gave up (raceSignal's discard). */
export declare function wipeLate(m: {
    plaintextDataKey?: Uint8Array;
} | undefined): void;
//# sourceMappingURL=encryption_start.d.ts.map