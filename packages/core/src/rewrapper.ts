/**
 * What buffer and stream rewrap share: the keys and header of the new message, and the resealing of
 * its body. The data key is kept and wrapped again by the `to` keyring (only its keys end up in the
 * header), so a rewrap costs `to`'s wraps and no other key service call. A v2 message gets a new
 * message id, hence a new derived key, and its body is sealed again under it: two versions of a
 * message never have two header tags (fixed zero IV) or two bodies under one key. A v1 message
 * keeps its id and key (its header IV is random, and resealing its body under the same key and the
 * same IVs yields the same bytes). Signed suites get a fresh signing key and a new footer.
 */
import { backend } from '#crypto-backend';
import { InvalidArgumentError, KeyringError, needs } from './errors.js';
import type { SkippedKey } from './materials.js';
import type { CommitmentPolicy, DecryptionMaterials, EncryptionContext, EncryptionMaterials, Keyring } from './materials.js';
import { isKeyring, isMaterialsManager, type EncryptionRequest, type MaterialsManager } from './materials_manager.js';
import type { MessageHeader } from './header_types.js';
import type { AlgorithmSuite, SuiteId } from './suites.js';
import { PUBLIC_KEY_CONTEXT_KEY } from './format/encryption_context.js';
import type { ParsedHeader } from './format/header.js';
import { deriveMessageKeys, type MessageKeys } from './crypto/kdf.js';
import { writeAuthenticatedHeader } from './crypto/header_auth.js';
import { BodyCipher } from './crypto/body_cipher.js';
import type { Signer, SigningKey } from './crypto/backend.js';
import { isPromise, now } from './crypto/maybe.js';
import { headLength, writeBodyHead, type BodyHead } from './format/frame_head.js';
import { asBuffer } from './internal/bytes.js';
import { newMessageId, prepareEncryption } from './materials_checks.js';
import { raceSignal } from './internal/abort.js';
import { encryptionStart, wipeLate } from './encryption_start.js';

/** What the new header of a rewrapped message needs from the caller. */
export interface RewrapTarget {
  readonly to: Keyring;
  readonly maxEncryptedDataKeys?: number | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Refuse a new header with fewer keys (or fewer key providers) than the old one had. */
  readonly keepKeys: boolean;
}

/** The message id and keys of the rewrapped message, and the cipher that reseals its body. */
export interface RewrapKeys {
  readonly messageId: Uint8Array;
  readonly keys: MessageKeys;
  readonly body: BodyCipher;
}

/** The new header, and for signed suites the signer that has seen it (the body and footer follow). */
export interface RewrappedHeader {
  readonly headerBytes: Uint8Array;
  readonly header: MessageHeader;
  readonly signer: Signer | undefined;
  readonly signingKey: SigningKey | undefined;
  readonly skippedKeys: readonly SkippedKey[] | undefined;
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
    const fresh = await encryptionStart(suite, request.encryptionContext);
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
        const same = key instanceof Uint8Array && backend.equalConstantTime(key, this.dataKey);
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
 * The new message's id and keys from the opened data key (not wiped here): v2 a fresh message id
 * (a new derived key and commitment), v1 the old id (same key; its header IV is what changes).
 */
export async function rewrapKeys(old: ParsedHeader, dataKey: Uint8Array): Promise<RewrapKeys> {
  const suite = old.suite;
  const messageId = suite.messageFormat === 1 ? Uint8Array.from(old.messageId) : newMessageId(suite);
  let keys = deriveMessageKeys(suite, dataKey, messageId);
  if (isPromise(keys)) keys = await keys;
  return { messageId, keys, body: new BodyCipher(suite, keys.key, messageId) };
}

/**
 * Seals one verified body part again under the new keys, with the same kind, sequence number and
 * length (so the layout is the old one), and hands its bytes to `push`. Wipes the plaintext.
 */
export function resealPart(r: RewrapKeys, head: BodyHead, plaintext: readonly Uint8Array[], push: (b: Buffer) => void): void {
  try {
    const suite = r.body.suite;
    const h = Buffer.allocUnsafe(headLength(head.kind, suite));
    writeBodyHead({ kind: head.kind, sequence: head.sequence, iv: r.body.ivFor(head.sequence), length: head.length }, suite, h, 0);
    const { ciphertext, tag } = now(r.body.sealPieces(head.kind, head.sequence, plaintext, head.length));
    push(h);
    for (const c of ciphertext) if (c.length > 0) push(asBuffer(c));
    push(asBuffer(tag));
  } finally {
    for (const p of plaintext) p.fill(0);
  }
}

/** Refuses a new header that lost keys the old one had (a key skipped while its region was down). */
function checkKeptKeys(old: ParsedHeader, materials: EncryptionMaterials): void {
  const before = old.encryptedDataKeys;
  const after = materials.encryptedDataKeys;
  const providers = (edks: readonly { providerId: string }[]): number => new Set(edks.map((e) => e.providerId)).size;
  if (after.length >= before.length && providers(after) >= providers(before)) return;
  const skipped = materials.skippedKeys ?? [];
  const named = skipped.map((k) => `${k.keyId}${k.region ? ` (${k.region})` : ''}`).join(', ');
  throw new KeyringError(
    `rewrap: the new message would have ${after.length} key(s) where the old one has ${before.length}${named ? `; skipped: ${named}` : ''}; nothing was written (allow it with allowFewerKeys)`,
    skipped,
  );
}

/**
 * Wraps `dataKey` (the opened message's, not wiped here) with `target.to` and writes the new header
 * under `r` (its message id and key). v1 headers get a fresh random header IV.
 */
export async function rewrapHeader(target: RewrapTarget, old: ParsedHeader, dataKey: Uint8Array, r: RewrapKeys): Promise<RewrappedHeader> {
  const suite = old.suite;
  const manager = new RewrapMaterialsManager(target.to, suite, dataKey);
  const request: EncryptionRequest = {
    encryptionContext: carriedContext(old.encryptionContext),
    commitmentPolicy: writePolicy(suite),
    suiteId: suite.id as SuiteId,
    ...(target.maxEncryptedDataKeys !== undefined ? { maxEncryptedDataKeys: target.maxEncryptedDataKeys } : {}),
    ...(target.signal ? { signal: target.signal } : {}),
  };
  // The manager checked that `to` kept the data key, so `r` (derived from it) is this message's.
  const { materials, dataKey: handed, signer, signingKey, skippedKeys } = await prepareEncryption(manager, request);
  handed.fill(0);
  if (target.keepKeys) checkKeptKeys(old, materials);
  const headerBytes = await writeAuthenticatedHeader(
    {
      suite,
      messageId: r.messageId,
      encryptionContext: materials.encryptionContext,
      encryptedDataKeys: materials.encryptedDataKeys,
      frameLength: old.frameLength,
      commitment: r.keys.commitment,
      headerIv: suite.messageFormat === 1 ? asBuffer(backend.randomBytes(suite.ivLength)) : undefined,
    },
    r.keys.key,
  );
  signer?.update(headerBytes);
  const header: MessageHeader = Object.freeze({
    version: suite.messageFormat,
    suiteId: suite.id,
    messageId: new Uint8Array(r.messageId),
    encryptionContext: materials.encryptionContext,
    encryptedDataKeys: Object.freeze([...materials.encryptedDataKeys]),
    contentType: old.contentType,
    frameLength: old.frameLength,
  });
  return { headerBytes, header, signer, signingKey, skippedKeys };
}
