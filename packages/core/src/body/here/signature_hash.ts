/** A signed suite's hash on the calling thread: the incremental signer or verifier itself. */
import type { Signer, Verifier } from '../../crypto/backend.js';
import { isPromise } from '../../crypto/maybe.js';
import type { SigningHash, VerifyingHash } from '../seams.js';

export function signingHere(s: Signer): SigningHash {
  return {
    update: (b) => void s.update(b),
    room: () => undefined,
    sign: () => s.sign(),
    close() {},
  };
}

export function verifyingHere(v: Verifier): VerifyingHash {
  return {
    update: (b) => void v.update(b),
    room: () => undefined,
    verify(signature) {
      try {
        const ok = v.verify(signature);
        return isPromise(ok) ? ok.catch(() => false) : ok;
      } catch {
        return false; // a signature that is not even DER
      }
    },
    close() {},
  };
}
