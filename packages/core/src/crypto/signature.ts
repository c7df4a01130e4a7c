/**
 * ECDSA for signed suites: a fresh key pair per message; the public key travels in the encryption
 * context under `aws-crypto-public-key` as base64 of the compressed point; the footer holds a DER
 * signature over the header and body.
 */
import { createECDH, createPrivateKey, createPublicKey, createSign, createVerify, type KeyObject } from 'node:crypto';
import { MalformedMessageError } from '../errors.js';
import type { AlgorithmSuite, SuiteSignature } from '../suites.js';

type Curve = SuiteSignature['curve'];

/** The DER encoding of each curve's OID (SEC 2), for the SEC1 private key below. */
const CURVE_OID: Record<Curve, Buffer> = {
  'P-256': Buffer.from('06082a8648ce3d030107', 'hex'),
  'P-384': Buffer.from('06052b81040022', 'hex'),
};

/** A DER element: tag, length (short or one-byte long form: everything here is under 256 bytes), body. */
function der(tag: number, body: Buffer): Buffer {
  const length = body.length < 0x80 ? [body.length] : [0x81, body.length];
  return Buffer.concat([Buffer.from([tag, ...length]), body]);
}

/**
 * A fresh signing key pair; returns the private KeyObject and the compressed public point as base64.
 *
 * Made with ECDH and imported as a SEC1 private key, not with generateKeyPairSync + a JWK export of
 * the public key: on Node 20 that pair deadlocks now and then (a collection during the export, which
 * holds the key's lock, finalizes the finished key-generation job, which takes the same lock; seen
 * in the fuzzer and reproduced in a loop of plain node:crypto calls), and it would stop a process
 * that encrypts with signed suites, the default suite included, for good.
 */
export function generateSigningKey(suite: AlgorithmSuite): { signingKey: KeyObject; publicKeyBase64: string } {
  const { curve, namedCurve, publicKeyLength } = suite.signature!;
  const ecdh = createECDH(namedCurve);
  ecdh.generateKeys();
  const point = ecdh.getPublicKey(undefined, 'compressed');
  // RFC 5915 ECPrivateKey: version 1, the scalar at the curve's full length, the curve, the public point.
  const d = ecdh.getPrivateKey();
  const scalar = Buffer.alloc(publicKeyLength - 1);
  d.copy(scalar, scalar.length - d.length);
  d.fill(0);
  const body = Buffer.concat([Buffer.from([0x02, 0x01, 0x01]), der(0x04, scalar), der(0xa0, CURVE_OID[curve]), der(0xa1, der(0x03, Buffer.concat([Buffer.from([0]), ecdh.getPublicKey()])))]);
  const sec1 = der(0x30, body);
  try {
    return { signingKey: createPrivateKey({ key: sec1, format: 'der', type: 'sec1' }), publicKeyBase64: point.toString('base64') };
  } finally {
    scalar.fill(0);
    body.fill(0);
    sec1.fill(0);
  }
}

/**
 * SPKI DER prefixes for a compressed point of each curve (OpenSSL decompresses it on import): the
 * encoding of the curve's OID, not a suite property.
 */
const SPKI_PREFIX: Record<Curve, Buffer> = {
  'P-256': Buffer.from('3039301306072a8648ce3d020106082a8648ce3d030107032200', 'hex'),
  'P-384': Buffer.from('3046301006072a8648ce3d020106052b81040022033200', 'hex'),
};

/** The verification key from the context's base64 compressed point. */
export function verificationKeyFrom(suite: AlgorithmSuite, publicKeyBase64: string): KeyObject {
  const { curve, publicKeyLength } = suite.signature!;
  const compressed = Buffer.from(publicKeyBase64, 'base64');
  if (compressed.length !== publicKeyLength || (compressed[0] !== 2 && compressed[0] !== 3) || compressed.toString('base64') !== publicKeyBase64) {
    throw new MalformedMessageError('header: the signing public key is not a compressed point of the suite curve');
  }
  try {
    return createPublicKey({ key: Buffer.concat([SPKI_PREFIX[curve], compressed]), format: 'der', type: 'spki' });
  } catch (cause) {
    throw new MalformedMessageError('header: the signing public key is not a point of the suite curve', { cause });
  }
}

/** The hash name node:crypto's createSign/createVerify take for this suite. */
export function signatureHash(suite: AlgorithmSuite): string {
  return suite.signature!.hash;
}

/** An incremental signer over `hash` that signs with `key` at the end. */
export function incrementalSigner(hash: string, key: KeyObject): { update(b: Uint8Array): unknown; sign(): Uint8Array } {
  const s = createSign(hash);
  return { update: (b) => s.update(b), sign: () => s.sign(key) };
}

/** An incremental verifier over `hash` that checks a DER signature with `key` at the end. */
export function incrementalVerifier(hash: string, key: KeyObject): { update(b: Uint8Array): unknown; verify(signature: Uint8Array): boolean } {
  const v = createVerify(hash);
  return { update: (b) => v.update(b), verify: (signature) => v.verify(key, signature) };
}
