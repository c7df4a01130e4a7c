/**
 * The native addon's hash thread as core's optional backend capability (backend.ts:
 * `signerOnThread`, `verifierOnThread`): the hash on a native thread of the addon, ECDSA over its
 * digest by the addon too (node:crypto signs only data it hashed itself). The signing key reaches
 * the addon as the PKCS#8 DER that `exportSigningKey` writes, wiped here once signed.
 */
import type { CryptoBackend, EcCurve, HashName, SigningKey, ThreadSigner, ThreadVerifier, VerificationKey } from '../backend.js';
import { now } from '../maybe.js';

/** What the addon's `hashOnThread` returns (stated here: core's types must not name an optional package). */
export interface NativeThreadHash {
  update(data: Uint8Array): void;
  sign(curve: EcCurve, pkcs8: Uint8Array): Uint8Array;
  verify(curve: EcCurve, compressedPoint: Uint8Array, signature: Uint8Array): boolean;
  close(): void;
}

/** The addon's part that starts a hash on its thread. */
export interface NativeHashPart {
  hashOnThread(hash: HashName, first: Uint8Array): NativeThreadHash;
}

const EMPTY = new Uint8Array(0);

/** `signerOnThread` and `verifierOnThread` on the addon; `base` exports the signing key (node:crypto's). */
export function hashThreadPart(addon: NativeHashPart, base: CryptoBackend): Pick<Required<CryptoBackend>, 'signerOnThread' | 'verifierOnThread'> {
  return {
    signerOnThread(key: SigningKey, hash: HashName): ThreadSigner {
      const h = addon.hashOnThread(hash, EMPTY);
      return {
        update: (data) => h.update(data),
        sign() {
          let pkcs8: Uint8Array | undefined;
          try {
            pkcs8 = now(base.exportSigningKey(key));
            return h.sign(key.curve, pkcs8);
          } finally {
            pkcs8?.fill(0);
            h.close();
          }
        },
        close: () => h.close(),
      };
    },
    verifierOnThread(key: VerificationKey, hash: HashName): ThreadVerifier {
      const h = addon.hashOnThread(hash, EMPTY);
      return {
        update: (data) => h.update(data),
        verify(derSignature) {
          try {
            return h.verify(key.curve, key.compressedPoint, derSignature);
          } catch {
            return false; // the addon refused the point: nothing verifies under it
          } finally {
            h.close();
          }
        },
        close: () => h.close(),
      };
    },
  };
}
