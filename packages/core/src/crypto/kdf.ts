/**
 * Message key derivation (AWS ESDK spec, framework/algorithm-suites.md § key derivation):
 * - identity suites: the data key is the message key;
 * - v1 HKDF suites: HKDF(hash, salt = none, ikm = data key, info = suite id ‖ message id);
 * - v2 committing suites: HKDF-SHA512 with salt = message id, info = suite id ‖ "DERIVEKEY" for the
 *   message key, and info = "COMMITKEY" for the 32-byte commitment stored in the header.
 */
import { backend } from '#crypto-backend';
import { CommitmentMismatchError } from '../errors.js';
import type { AlgorithmSuite } from '../suites.js';
import type { AesKey, MaybePromise } from './backend.js';
import { after } from './maybe.js';
import { concatBytes } from '../internal/bytes.js';

const DERIVE_LABEL = Uint8Array.from('DERIVEKEY', (c) => c.charCodeAt(0));
const COMMIT_LABEL = Uint8Array.from('COMMITKEY', (c) => c.charCodeAt(0));
const EMPTY = new Uint8Array(0);
const ONE = Uint8Array.of(1);

export interface MessageKeys {
  /** The AES-GCM key for the header auth and the body. */
  readonly key: AesKey;
  /** v2: the key commitment. */
  readonly commitment: Uint8Array | undefined;
}

/** Each suite's id as the 2 bytes HKDF's info starts with, made once. */
const SUITE_ID_BYTES = new Map<number, Uint8Array>();
function suiteIdBytes(id: number): Uint8Array {
  let b = SUITE_ID_BYTES.get(id);
  if (!b) SUITE_ID_BYTES.set(id, (b = Uint8Array.of(id >>> 8, id & 0xff)));
  return b;
}

/** Imports the first `length` bytes of `okm` as the message key, then wipes `okm`. */
function keyFrom(okm: Uint8Array, length: number, commitment: Uint8Array | undefined): MaybePromise<MessageKeys> {
  let imported;
  try {
    imported = backend.importAesKey(okm.length === length ? okm : okm.subarray(0, length));
  } catch (err) {
    okm.fill(0);
    throw err;
  }
  // A synchronous backend has copied the bytes by now; an asynchronous one once its promise settles.
  return after(imported, (key) => {
    okm.fill(0);
    return { key, commitment };
  });
}

/**
 * Derives the message key (and commitment) from the data key. Does not wipe the data key (the
 * caller does, once this settles).
 */
export function deriveMessageKeys(suite: AlgorithmSuite, dataKey: Uint8Array, messageId: Uint8Array): MaybePromise<MessageKeys> {
  if (suite.kdfHash === null) return after(backend.importAesKey(dataKey), (key) => ({ key, commitment: undefined }));
  if (suite.commitmentHash === null) {
    const info = concatBytes([suiteIdBytes(suite.id), messageId]);
    return after(backend.hkdf(suite.kdfHash, dataKey, EMPTY, info, suite.keyLength), (k) => keyFrom(k, suite.keyLength, undefined));
  }
  // Both keys share HKDF's extract step (same salt and input key), so it runs once; each expand
  // needs a single HMAC block since the key and the commitment are no longer than the hash output
  // (RFC 5869 § 2.3, T(1)).
  const { kdfHash, commitmentHash, commitmentLength, keyLength } = suite;
  return after(backend.hmac(kdfHash, messageId, [dataKey]), (prk) => {
    const t1 = backend.hmac(kdfHash, prk, [suiteIdBytes(suite.id), DERIVE_LABEL, ONE]);
    const c = backend.hmac(commitmentHash, prk, [COMMIT_LABEL, ONE]);
    return after(t1, (t) =>
      after(c, (full) => {
        prk.fill(0);
        // The commitment is public (the header carries it): a view is enough.
        return keyFrom(t, keyLength, full.subarray(0, commitmentLength));
      }),
    );
  });
}

/** Constant-time check of the header's commitment against the derived one. */
export function checkCommitment(expected: Uint8Array | undefined, actual: Uint8Array | undefined): void {
  if (!expected || !actual || !backend.equalConstantTime(expected, actual)) {
    throw new CommitmentMismatchError();
  }
}
