/**
 * The algorithm suites of the AWS Encryption SDK message format, as one frozen table: the only
 * place suite constants live. The KDF, signature, header, body, materials and CLI code read a row
 * instead of restating a length, hash or curve; adding a suite is one row here plus its test.
 * Source: AWS Encryption SDK specification, framework/algorithm-suites.md.
 */
const P256 = Object.freeze({ curve: 'P-256', namedCurve: 'prime256v1', publicKeyLength: 33, hash: 'sha256', maxSignatureLength: 72 });
const P384 = Object.freeze({ curve: 'P-384', namedCurve: 'secp384r1', publicKeyLength: 49, hash: 'sha384', maxSignatureLength: 104 });
/** Fills in what follows from the row's own fields, so each row states only what differs. */
function suite(r) {
    const committing = r.messageFormat === 2;
    const kdfHash = r.kdf === 'identity' ? null : r.kdf.slice('hkdf-'.length);
    return Object.freeze({
        ...r,
        messageIdLength: committing ? 32 : 16,
        ivLength: 12,
        tagLength: 16,
        kdfHash,
        commitmentLength: committing ? 32 : 0,
        commitmentHash: committing ? kdfHash : null,
        committing,
        cacheable: kdfHash !== null,
    });
}
const TABLE = Object.freeze({
    0x0014: suite({ id: 0x0014, messageFormat: 1, cipher: 'aes-128-gcm', keyLength: 16, kdf: 'identity', signature: null }),
    0x0046: suite({ id: 0x0046, messageFormat: 1, cipher: 'aes-192-gcm', keyLength: 24, kdf: 'identity', signature: null }),
    0x0078: suite({ id: 0x0078, messageFormat: 1, cipher: 'aes-256-gcm', keyLength: 32, kdf: 'identity', signature: null }),
    0x0114: suite({ id: 0x0114, messageFormat: 1, cipher: 'aes-128-gcm', keyLength: 16, kdf: 'hkdf-sha256', signature: null }),
    0x0146: suite({ id: 0x0146, messageFormat: 1, cipher: 'aes-192-gcm', keyLength: 24, kdf: 'hkdf-sha256', signature: null }),
    0x0178: suite({ id: 0x0178, messageFormat: 1, cipher: 'aes-256-gcm', keyLength: 32, kdf: 'hkdf-sha256', signature: null }),
    0x0214: suite({ id: 0x0214, messageFormat: 1, cipher: 'aes-128-gcm', keyLength: 16, kdf: 'hkdf-sha256', signature: P256 }),
    0x0346: suite({ id: 0x0346, messageFormat: 1, cipher: 'aes-192-gcm', keyLength: 24, kdf: 'hkdf-sha384', signature: P384 }),
    0x0378: suite({ id: 0x0378, messageFormat: 1, cipher: 'aes-256-gcm', keyLength: 32, kdf: 'hkdf-sha384', signature: P384 }),
    0x0478: suite({ id: 0x0478, messageFormat: 2, cipher: 'aes-256-gcm', keyLength: 32, kdf: 'hkdf-sha512', signature: null }),
    0x0578: suite({ id: 0x0578, messageFormat: 2, cipher: 'aes-256-gcm', keyLength: 32, kdf: 'hkdf-sha512', signature: P384 }),
});
/** Every suite, keyed by id (frozen). */
export const SUITES = TABLE;
/** The default suite, as in the AWS ESDK: committing, signed (0x0578). */
export const DEFAULT_SUITE_ID = 0x0578;
/** The suite written under 'forbid-encrypt-allow-decrypt' when none is named, as in the AWS ESDK (0x0378). */
export const DEFAULT_NON_COMMITTING_SUITE_ID = 0x0378;
/** All suite ids, in table order. */
export const SUITE_IDS = Object.freeze(Object.keys(SUITES).map(Number));
/** The suite with this id, or undefined (also for anything that is not an integer id). */
export function findSuite(id) {
    if (typeof id !== 'number' || !Object.prototype.hasOwnProperty.call(SUITES, id))
        return undefined;
    return SUITES[id];
}
/** `0x0578`-style label of a suite id, for messages. */
export function suiteLabel(id) {
    return `0x${id.toString(16).padStart(4, '0')}`;
}
//# sourceMappingURL=suites.js.map