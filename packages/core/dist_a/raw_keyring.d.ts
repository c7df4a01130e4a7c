import type { DecryptCandidate, DecryptionMaterials, EncryptedDataKey, EncryptionMaterials, KeyringCallOptions, PlannableKeyring } from './materials.js';
/** Base class of raw keyrings (`raw-aes`, `raw-rsa`, or a third party's). */
export declare abstract class RawKeyring implements PlannableKeyring {
    #private;
    /** Key namespace (EDK provider id). */
    readonly keyNamespace: string;
    /** Key name, inside the namespace. */
    readonly keyName: string;
    /** Keyring kind for reports, e.g. `raw-aes`. */
    readonly kind: string;
    /** Checks the namespace (non-empty, not `aws-kms…`) and the name; `kind` labels errors and reports. */
    constructor(kind: string, keyNamespace: unknown, keyName: unknown);
    /** `namespace/name`, as reported in `decryptedBy` and attempts. */
    get keyId(): string;
    /** Wraps `dataKey` (already checked to be the suite's length) into this key's EDK. */
    protected abstract wrap(dataKey: Uint8Array, materials: EncryptionMaterials): EncryptedDataKey;
    /** Whether `providerInfo` (of an EDK in this namespace) names this key. */
    protected abstract ownsProviderInfo(providerInfo: Uint8Array): boolean;
    /** Unwraps `edk`; throws a KeyringError that says no more than "could not unwrap". */
    protected abstract unwrap(edk: EncryptedDataKey, materials: DecryptionMaterials): Uint8Array | Promise<Uint8Array>;
    /** Called once before any candidate is tried (e.g. to refuse when no private key is loaded). */
    protected beforeDecrypt(): void;
    /** Generates the data key if absent (suite key length) and appends this key's EDK. */
    onEncrypt(materials: EncryptionMaterials): Promise<EncryptionMaterials>;
    /** One candidate per EDK of this namespace whose provider info names this key. */
    decryptCandidates(_materials: DecryptionMaterials, edks: readonly EncryptedDataKey[]): readonly DecryptCandidate[];
    /** Opens the first of `edks` this key can; unchanged materials if none is this key's. */
    onDecrypt(materials: DecryptionMaterials, edks: readonly EncryptedDataKey[], options?: KeyringCallOptions): Promise<DecryptionMaterials>;
}
//# sourceMappingURL=raw_keyring.d.ts.map