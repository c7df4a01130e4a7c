/**
 * What buffer and stream rewrap share: the new header of an opened message. The data key is wrapped
 * again by the `to` keyring (only its keys end up in the header), under the same message id, suite,
 * frame length and context; signed suites get a fresh signing key (a new `aws-crypto-public-key`).
 * The body frames depend only on the data key and the message id, so they stay valid as they are.
 */
import { randomBytes, timingSafeEqual, type KeyObject, type Sign } from 'node:crypto';
import { InvalidArgumentError, KeyringError, needs } from './errors.js';
import type { KeyAttempt } from './errors.js';
import type { CommitmentPolicy, DecryptionMaterials, EncryptionContext, EncryptionMaterials, Keyring } from './materials.js';
import { isKeyring, isMaterialsManager, type EncryptionRequest, type MaterialsManager } from './materials_manager.js';
import type { MessageHeader } from './header_types.js';
import type { AlgorithmSuite, SuiteId } from './suites.js';
import { PUBLIC_KEY_CONTEXT_KEY } from './format/encryption_context.js';
import { writeHeader, type ParsedHeader } from './format/header.js';
import { checkCommitment, deriveMessageKeys } from './crypto/kdf.js';
import { headerAuthTag } from './crypto/header_auth.js';
import { prepareEncryption } from './materials_checks.js';
import { raceSignal } from './internal/abort.js';
import { encryptionStart, wipeLate } from './internal/encryption_start.js';

/** What the new header of a rewrapped message needs from the caller. */
export interface RewrapTarget {
  readonly to: Keyring;
  readonly maxEncryptedDataKeys?: number | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** The new header, and for signed suites the signer that has seen it (the body and footer follow). */
export interface RewrappedHeader {
  readonly headerBytes: Uint8Array;
  readonly header: MessageHeader;
  readonly signer: Sign | undefined;
  readonly signingKey: KeyObject | undefined;
  readonly skippedKeys: readonly KeyAttempt[] | undefined;
}

/** The `to` of a rewrap, checked: a keyring (a manager would make a data key of its own). */
export function rewrapTarget(to: unknown): Keyring {
  needs(
    isKeyring(to) && !isMaterialsManager(to),
    InvalidArgumentError,
    'rewrap: `to` must be a Keyring (onEncrypt, onDecrypt); a materials manager makes its own data key, and rewrap keeps the one the message has',
  );
  return to;
}


/**
 * A manager that hands the `to` keyring materials already carrying the message's data key (as a
 * multi keyring without a generator does), so the keyring only wraps. A keyring that makes a data
 * key of its own anyway would write EDKs that open to another key: refused.
 */
class RewrapMaterialsManager implements MaterialsManager {
  constructor(
    private readonly to: Keyring,
    private readonly suite: AlgorithmSuite,
    private readonly dataKey: Uint8Array,
  ) {}

  async getEncryptionMaterials(request: EncryptionRequest): Promise<EncryptionMaterials> {
    const suite = this.suite;
    const fresh = encryptionStart(suite, request.encryptionContext);
    const signing = fresh.signing;
    // The keyring gets a copy: whatever it does with it, the caller's key stays the caller's to wipe.
    const copy = Uint8Array.from(this.dataKey);
    const start: EncryptionMaterials = { ...fresh.start, plaintextDataKey: copy };
    const options = request.signal ? { signal: request.signal } : {};
    let m: EncryptionMaterials;
    try {
      m = await raceSignal(this.to.onEncrypt(start, options), request.signal, wipeLate);
      if (m && typeof m === 'object') {
        // Compared before any wipe, so a keyring that overwrote the copy in place is caught too.
        const key: unknown = m.plaintextDataKey;
        const same = key instanceof Uint8Array && key.length === this.dataKey.length && timingSafeEqual(key, this.dataKey);
        if (key instanceof Uint8Array && key !== copy) key.fill(0);
        needs(same, KeyringError, 'rewrap: the `to` keyring returned another data key (or none) instead of wrapping the one it was given; a keyring that always generates its own cannot rewrap');
      }
    } finally {
      copy.fill(0);
    }
    if (!m || typeof m !== 'object') return m;
    // Core wipes the key it is handed: hand it a copy of ours.
    return { ...m, suite, plaintextDataKey: Uint8Array.from(this.dataKey), encryptionContext: start.encryptionContext, ...signing };
  }

  decryptMaterials(): Promise<DecryptionMaterials> {
    return Promise.reject(new InvalidArgumentError('rewrap: the `to` side only encrypts'));
  }
}

/** The context of the new header: the old one without the old signing key (a fresh one is added). */
function carriedContext(old: EncryptionContext): EncryptionContext {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(old)) if (k !== PUBLIC_KEY_CONTEXT_KEY) out[k] = v;
  return out;
}

/** The policy the new materials are checked against: the message's suite is kept whatever it is. */
function writePolicy(suite: AlgorithmSuite): CommitmentPolicy {
  return suite.committing ? 'require-encrypt-require-decrypt' : 'forbid-encrypt-allow-decrypt';
}

/**
 * Wraps `dataKey` (the opened message's, not wiped here) with `target.to` and writes the new header.
 * v1 headers get a fresh random header IV, so the old and the new header auth tags are not two
 * GCM tags under one key and one IV; v2 fixes the header IV at zero (see the README's note).
 */
export async function rewrapHeader(target: RewrapTarget, old: ParsedHeader, dataKey: Uint8Array): Promise<RewrappedHeader> {
  const suite = old.suite;
  const manager = new RewrapMaterialsManager(target.to, suite, dataKey);
  const request: EncryptionRequest = {
    encryptionContext: carriedContext(old.encryptionContext),
    commitmentPolicy: writePolicy(suite),
    suiteId: suite.id as SuiteId,
    ...(target.maxEncryptedDataKeys !== undefined ? { maxEncryptedDataKeys: target.maxEncryptedDataKeys } : {}),
    ...(target.signal ? { signal: target.signal } : {}),
  };
  const { materials, dataKey: handed, signer, signingKey } = await prepareEncryption(manager, request);
  let keys;
  try {
    keys = deriveMessageKeys(suite, handed, old.messageId);
  } finally {
    handed.fill(0);
  }
  // Same data key and message id: the commitment cannot differ; checked anyway.
  if (suite.committing) checkCommitment(old.commitment, keys.commitment);
  const headerBytes = writeHeader(
    {
      suite,
      messageId: old.messageId,
      encryptionContext: materials.encryptionContext,
      encryptedDataKeys: materials.encryptedDataKeys,
      frameLength: old.frameLength,
      commitment: keys.commitment,
      headerIv: suite.messageFormat === 1 ? randomBytes(suite.ivLength) : undefined,
    },
    (authenticated, iv) => headerAuthTag(suite, keys.key, iv, authenticated),
  );
  signer?.update(headerBytes);
  const header: MessageHeader = Object.freeze({
    version: suite.messageFormat,
    suiteId: suite.id,
    messageId: new Uint8Array(old.messageId),
    encryptionContext: materials.encryptionContext,
    encryptedDataKeys: Object.freeze([...materials.encryptedDataKeys]),
    contentType: old.contentType,
    frameLength: old.frameLength,
  });
  return { headerBytes, header, signer, signingKey, skippedKeys: materials.skippedKeys };
}
