/**
 * The skeleton every raw (local key) keyring shares: the namespace and name checks, generating the
 * data key when the materials have none, wiping a generated key when wrapping fails, one decrypt
 * candidate per EDK of this namespace and name, and the decrypt runner. A subclass only says how to
 * wrap, how to recognise its provider info, and how to unwrap.
 */
import { randomBytes } from 'node:crypto';
import { ConfigError, KeyringError } from './errors.js';
import { runDecrypt } from './decrypt_runner.js';
/** Base class of raw keyrings (`raw-aes`, `raw-rsa`, or a third party's). */
export class RawKeyring {
    /** Key namespace (EDK provider id). */
    keyNamespace;
    /** Key name, inside the namespace. */
    keyName;
    /** Keyring kind for reports, e.g. `raw-aes`. */
    kind;
    /** Checks the namespace (non-empty, not `aws-kms…`) and the name; `kind` labels errors and reports. */
    constructor(kind, keyNamespace, keyName) {
        if (typeof keyNamespace !== 'string' || keyNamespace.length === 0)
            throw new ConfigError(`${kind} keyring: keyNamespace must be a non-empty string`);
        if (keyNamespace.startsWith('aws-kms'))
            throw new ConfigError(`${kind} keyring: keyNamespace must not start with "aws-kms" (reserved for KMS)`);
        if (typeof keyName !== 'string' || keyName.length === 0)
            throw new ConfigError(`${kind} keyring: keyName must be a non-empty string`);
        this.kind = kind;
        this.keyNamespace = keyNamespace;
        this.keyName = keyName;
    }
    /** `namespace/name`, as reported in `decryptedBy` and attempts. */
    get keyId() {
        return `${this.keyNamespace}/${this.keyName}`;
    }
    /** Called once before any candidate is tried (e.g. to refuse when no private key is loaded). */
    beforeDecrypt() { }
    /** Generates the data key if absent (suite key length) and appends this key's EDK. */
    async onEncrypt(materials) {
        const generated = materials.plaintextDataKey === undefined;
        const dataKey = materials.plaintextDataKey ?? randomBytes(materials.suite.keyLength);
        try {
            if (dataKey.length !== materials.suite.keyLength) {
                throw new KeyringError(`${this.kind} keyring: data key is ${dataKey.length} bytes, suite 0x${materials.suite.id.toString(16).padStart(4, '0')} needs ${materials.suite.keyLength}`);
            }
            const edk = this.wrap(dataKey, materials);
            return { ...materials, plaintextDataKey: dataKey, encryptedDataKeys: [...materials.encryptedDataKeys, edk] };
        }
        catch (err) {
            if (generated)
                dataKey.fill(0);
            throw err;
        }
    }
    /** One candidate per EDK of this namespace whose provider info names this key. */
    decryptCandidates(_materials, edks) {
        return edks
            .filter((edk) => edk.providerId === this.keyNamespace && this.ownsProviderInfo(edk.providerInfo))
            .map((edk) => ({
            kind: 'raw',
            keyring: this.kind,
            keyId: this.keyId,
            edk,
            attempt: (materials) => this.#open(materials, edk),
        }));
    }
    /** Opens the first of `edks` this key can; unchanged materials if none is this key's. */
    async onDecrypt(materials, edks, options = {}) {
        if (materials.plaintextDataKey !== undefined)
            return materials;
        const candidates = this.decryptCandidates(materials, edks);
        if (candidates.length === 0)
            return materials;
        this.beforeDecrypt();
        return runDecrypt(materials, candidates, { hedging: 'off', signal: options.signal });
    }
    async #open(materials, edk) {
        const key = await this.unwrap(edk, materials);
        if (key.length !== materials.suite.keyLength) {
            key.fill(0);
            throw new KeyringError(`${this.kind} keyring: ${this.keyId} could not unwrap the data key (wrong key or damaged EDK)`);
        }
        return { ...materials, plaintextDataKey: key, decryptedBy: { providerId: this.keyNamespace, keyId: this.keyId } };
    }
}
//# sourceMappingURL=raw_keyring.js.map