/**
 * Message key derivation (AWS ESDK spec, framework/algorithm-suites.md § key derivation):
 * - identity suites: the data key is the message key;
 * - v1 HKDF suites: HKDF(hash, salt = none, ikm = data key, info = suite id ‖ message id);
 * - v2 committing suites: HKDF-SHA512 with salt = message id, info = suite id ‖ "DERIVEKEY" for the
 *   message key, and info = "COMMITKEY" for the 32-byte commitment stored in the header.
 */
import { createHmac, createSecretKey, hkdfSync, timingSafeEqual, type KeyObject } from 'node:crypto';
import { CommitmentMismatchError } from '../errors.js';
import type { AlgorithmSuite } from '../suites.js';

const DERIVE_LABEL = Buffer.from('DERIVEKEY', 'utf8');
const COMMIT_LABEL = Buffer.from('COMMITKEY', 'utf8');
const EMPTY = Buffer.alloc(0);
const ONE = Buffer.from([1]);

export interface MessageKeys {
  /** The AES-GCM key for the header auth and the body. */
  readonly key: KeyObject;
  /** v2: the key commitment. */
  readonly commitment: Buffer | undefined;
}

function suiteIdBytes(id: number): Buffer {
  const b = Buffer.allocUnsafe(2);
  b.writeUInt16BE(id, 0);
  return b;
}

/** Derives the message key (and commitment) from the data key. Does not wipe the data key. */
export function deriveMessageKeys(suite: AlgorithmSuite, dataKey: Uint8Array, messageId: Uint8Array): MessageKeys {
  // createSecretKey copies the bytes into the KeyObject: no copy of ours is left behind to wipe.
  if (suite.kdfHash === null) return { key: createSecretKey(dataKey), commitment: undefined };
  if (suite.commitmentHash === null) {
    const info = Buffer.concat([suiteIdBytes(suite.id), messageId]);
    const k = Buffer.from(hkdfSync(suite.kdfHash, dataKey, EMPTY, info, suite.keyLength));
    const key = createSecretKey(k);
    k.fill(0);
    return { key, commitment: undefined };
  }
  // Both keys share HKDF's extract step (same salt and input key), so it runs once; each expand
  // needs a single HMAC block since the key and the commitment are no longer than the hash output
  // (RFC 5869 § 2.3, T(1)).
  const prk = createHmac(suite.kdfHash, messageId).update(dataKey).digest();
  const t1 = createHmac(suite.kdfHash, prk).update(suiteIdBytes(suite.id)).update(DERIVE_LABEL).update(ONE).digest();
  const commitment = createHmac(suite.commitmentHash, prk).update(COMMIT_LABEL).update(ONE).digest().subarray(0, suite.commitmentLength);
  prk.fill(0);
  const key = createSecretKey(t1.subarray(0, suite.keyLength));
  t1.fill(0);
  return { key, commitment };
}

/** Constant-time check of the header's commitment against the derived one. */
export function checkCommitment(expected: Uint8Array | undefined, actual: Uint8Array | undefined): void {
  if (!expected || !actual || expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw new CommitmentMismatchError();
  }
}
