/**
 * A signed suite's hash on the calling thread (the incremental signer or verifier itself), or on a
 * thread of the crypto backend's own (a ThreadSigner or ThreadVerifier: `update` only copies, and
 * waits only while the backend's blocks are all full, so the stream never waits for room).
 */
import type { Signer, ThreadSigner, ThreadVerifier, Verifier } from '../../crypto/backend.js';
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

/** A signing hash on the backend's thread, `header` hashed first; `close` stops the thread (a stream destroyed). */
export function signingOnThread(s: ThreadSigner, header: Uint8Array): SigningHash {
  s.update(header);
  return { update: (b) => s.update(b), room: () => undefined, sign: () => s.sign(), close: () => s.close() };
}

/** A verifying hash on the backend's thread, `header` hashed first. */
export function verifyingOnThread(v: ThreadVerifier, header: Uint8Array): VerifyingHash {
  v.update(header);
  return { update: (b) => v.update(b), room: () => undefined, verify: (signature) => v.verify(signature), close: () => v.close() };
}
