/**
 * ECDSA for signed suites: a fresh key pair per message; the public key travels in the encryption
 * context under `aws-crypto-public-key` as base64 of the compressed point; the footer holds a DER
 * signature over the header and body.
 */
import { type KeyObject } from 'node:crypto';
import type { AlgorithmSuite } from '../suites.js';
/** A fresh signing key pair; returns the private KeyObject and the compressed public point as base64. */
export declare function generateSigningKey(suite: AlgorithmSuite): {
    signingKey: KeyObject;
    publicKeyBase64: string;
};
/** The verification key from the context's base64 compressed point. */
export declare function verificationKeyFrom(suite: AlgorithmSuite, publicKeyBase64: string): KeyObject;
/** The hash name node:crypto's createSign/createVerify take for this suite. */
export declare function signatureHash(suite: AlgorithmSuite): string;
//# sourceMappingURL=signature.d.ts.map