/**
 * ECDSA for signed suites: a fresh key pair per message; the public key travels in the encryption
 * context under `aws-crypto-public-key` as base64 of the compressed point; the footer holds a DER
 * signature over the header and body.
 */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { MalformedMessageError } from '../errors.js';
/** A fresh signing key pair; returns the private KeyObject and the compressed public point as base64. */
export function generateSigningKey(suite) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: suite.signature.namedCurve });
    // Compressed point: 0x02 or 0x03 (parity of y), then x.
    const jwk = publicKey.export({ format: 'jwk' });
    const x = Buffer.from(jwk.x, 'base64url');
    const y = Buffer.from(jwk.y, 'base64url');
    const point = Buffer.concat([Buffer.from([2 + (y[y.length - 1] & 1)]), x]);
    return { signingKey: privateKey, publicKeyBase64: point.toString('base64') };
}
/**
 * SPKI DER prefixes for a compressed point of each curve (OpenSSL decompresses it on import): the
 * encoding of the curve's OID, not a suite property.
 */
const SPKI_PREFIX = {
    'P-256': Buffer.from('3039301306072a8648ce3d020106082a8648ce3d030107032200', 'hex'),
    'P-384': Buffer.from('3046301006072a8648ce3d020106052b81040022033200', 'hex'),
};
/** The verification key from the context's base64 compressed point. */
export function verificationKeyFrom(suite, publicKeyBase64) {
    const { curve, publicKeyLength } = suite.signature;
    const compressed = Buffer.from(publicKeyBase64, 'base64');
    if (compressed.length !== publicKeyLength || (compressed[0] !== 2 && compressed[0] !== 3) || compressed.toString('base64') !== publicKeyBase64) {
        throw new MalformedMessageError('header: the signing public key is not a compressed point of the suite curve');
    }
    try {
        return createPublicKey({ key: Buffer.concat([SPKI_PREFIX[curve], compressed]), format: 'der', type: 'spki' });
    }
    catch (cause) {
        throw new MalformedMessageError('header: the signing public key is not a point of the suite curve', { cause });
    }
}
/** The hash name node:crypto's createSign/createVerify take for this suite. */
export function signatureHash(suite) {
    return suite.signature.hash;
}
//# sourceMappingURL=signature.js.map