/**
 * ECDSA for signed suites (the curve and hash from the suites table): a fresh key pair per
 * message; the public key travels in the encryption context under `aws-crypto-public-key` as
 * base64 of the compressed point; the footer holds a DER signature over the header and body.
 */
import { backend } from '#crypto-backend';
import { MalformedMessageError } from '../errors.js';
import type { AlgorithmSuite } from '../suites.js';
import type { MaybePromise, Signer, SigningKey, VerificationKey, Verifier } from './backend.js';
import { after, mapFailure } from './maybe.js';
import { fromBase64, toBase64 } from '../internal/bytes.js';

/** A fresh signing key pair of the suite's curve; the compressed public point as base64. */
export function generateSigningKey(suite: AlgorithmSuite): MaybePromise<{ signingKey: SigningKey; publicKeyBase64: string }> {
  return after(backend.generateSigningKey(suite.signature!.curve), ({ key, compressedPublicKey }) => ({
    signingKey: key,
    publicKeyBase64: toBase64(compressedPublicKey),
  }));
}

/**
 * The verification key from the context's base64 compressed point. `known` (a key a materials
 * manager already imported) is returned instead of a new import when it is that very point.
 */
export function verificationKeyFrom(suite: AlgorithmSuite, publicKeyBase64: string, known?: unknown): MaybePromise<VerificationKey> {
  const { curve, publicKeyLength } = suite.signature!;
  const compressed = fromBase64(publicKeyBase64);
  // Canonical base64 only: the same key never travels in two spellings.
  if (compressed === undefined || compressed.length !== publicKeyLength || (compressed[0] !== 2 && compressed[0] !== 3) || toBase64(compressed) !== publicKeyBase64) {
    throw new MalformedMessageError('header: the signing public key is not a compressed point of the suite curve');
  }
  if (isKeyOf(known, curve, compressed)) return known;
  return mapFailure(
    () => backend.importVerificationKey(curve, compressed),
    (cause) => new MalformedMessageError('header: the signing public key is not a point of the suite curve', { cause }),
  );
}

function isKeyOf(key: unknown, curve: string, point: Uint8Array): key is VerificationKey {
  if (typeof key !== 'object' || key === null) return false;
  const k = key as Partial<VerificationKey>;
  const p = k.compressedPoint;
  return k.curve === curve && p instanceof Uint8Array && p.length === point.length && p.every((b, i) => b === point[i]);
}

/** A signer of the suite's hash under `key`. */
export function signerFor(suite: AlgorithmSuite, key: SigningKey): Signer {
  return backend.signer(key, suite.signature!.hash);
}

/** A verifier of the suite's hash under `key`. */
export function verifierFor(suite: AlgorithmSuite, key: VerificationKey): Verifier {
  return backend.verifier(key, suite.signature!.hash);
}
