/** A signed suite's hash on the calling thread: the incremental signer or verifier itself. */
import type { SigningHash, VerifyingHash } from '../seams.js';

/** An incremental signer that holds its key (the started message's). */
export interface IncrementalSigner {
  update(b: Uint8Array): unknown;
  sign(): Uint8Array;
}

/** An incremental verifier that holds its key (the header's). */
export interface IncrementalVerifier {
  update(b: Uint8Array): unknown;
  verify(signature: Uint8Array): boolean;
}

export function signingHere(s: IncrementalSigner): SigningHash {
  return {
    update: (b) => void s.update(b),
    room: () => undefined,
    sign: () => s.sign(),
    close() {},
  };
}

export function verifyingHere(v: IncrementalVerifier): VerifyingHash {
  return {
    update: (b) => void v.update(b),
    room: () => undefined,
    verify(signature) {
      try {
        return v.verify(signature);
      } catch {
        return false; // a signature that is not even DER
      }
    },
    close() {},
  };
}
