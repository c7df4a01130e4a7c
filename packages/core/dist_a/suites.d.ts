/**
 * The algorithm suites of the AWS Encryption SDK message format, as one frozen table: the only
 * place suite constants live. The KDF, signature, header, body, materials and CLI code read a row
 * instead of restating a length, hash or curve; adding a suite is one row here plus its test.
 * Source: AWS Encryption SDK specification, framework/algorithm-suites.md.
 */
/** Key derivation: identity (the data key is the message key) or HKDF with a hash. */
export type KdfName = 'identity' | 'hkdf-sha256' | 'hkdf-sha384' | 'hkdf-sha512';
/** A hash name as node:crypto takes it. */
export type HashName = 'sha256' | 'sha384' | 'sha512';
/** The ECDSA signature of a signed suite. */
export interface SuiteSignature {
    /** ECDSA curve. */
    readonly curve: 'P-256' | 'P-384';
    /** The curve's OpenSSL name, as node:crypto's `namedCurve` takes it. */
    readonly namedCurve: 'prime256v1' | 'secp384r1';
    /** Length of the compressed public point stored in the encryption context (1 + coordinate). */
    readonly publicKeyLength: 33 | 49;
    /** Hash signed over the message. */
    readonly hash: 'sha256' | 'sha384';
    /** Largest DER signature of the curve (footers are sized with it). */
    readonly maxSignatureLength: 72 | 104;
}
/** One algorithm suite of the AWS ESDK message format. */
export interface AlgorithmSuite {
    /** The 2-byte id written in the header, e.g. 0x0578. */
    readonly id: number;
    /** Message format version the suite is written with. */
    readonly messageFormat: 1 | 2;
    /** Length of the random message id of that format version. */
    readonly messageIdLength: 16 | 32;
    /** node:crypto cipher name. */
    readonly cipher: 'aes-128-gcm' | 'aes-192-gcm' | 'aes-256-gcm';
    /** Data key and message key length, bytes. */
    readonly keyLength: 16 | 24 | 32;
    /** IV length in bytes (body frames and the v1 header auth). */
    readonly ivLength: 12;
    /** GCM tag length in bytes. */
    readonly tagLength: 16;
    /** How the message key is derived from the data key. */
    readonly kdf: KdfName;
    /** The HKDF hash, or null for identity suites. */
    readonly kdfHash: HashName | null;
    /** ECDSA signature, or null for unsigned suites. */
    readonly signature: SuiteSignature | null;
    /** Key commitment (v2 suites): length of the commitment in the header, 0 when none. */
    readonly commitmentLength: 0 | 32;
    /** The hash the commitment is derived with, or null when the suite does not commit. */
    readonly commitmentHash: HashName | null;
    /** Whether the suite commits to its key (0x0478, 0x0578). */
    readonly committing: boolean;
    /**
     * Whether a data key of this suite may be cached and reused across messages: only suites with
     * key derivation, where each message id gives a distinct message key.
     */
    readonly cacheable: boolean;
}
/** A suite id of the table. */
export type SuiteId = 0x0014 | 0x0046 | 0x0078 | 0x0114 | 0x0146 | 0x0178 | 0x0214 | 0x0346 | 0x0378 | 0x0478 | 0x0578;
/** Every suite, keyed by id (frozen). */
export declare const SUITES: Readonly<Record<SuiteId, AlgorithmSuite>>;
/** The default suite, as in the AWS ESDK: committing, signed (0x0578). */
export declare const DEFAULT_SUITE_ID = 1400;
/** The suite written under 'forbid-encrypt-allow-decrypt' when none is named, as in the AWS ESDK (0x0378). */
export declare const DEFAULT_NON_COMMITTING_SUITE_ID = 888;
/** All suite ids, in table order. */
export declare const SUITE_IDS: readonly SuiteId[];
/** The suite with this id, or undefined (also for anything that is not an integer id). */
export declare function findSuite(id: number): AlgorithmSuite | undefined;
/** `0x0578`-style label of a suite id, for messages. */
export declare function suiteLabel(id: number): string;
//# sourceMappingURL=suites.d.ts.map