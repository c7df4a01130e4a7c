/**
 * What buffer and stream encryption share: the header (materials, message id, keys, header auth)
 * and writers for each body part.
 */
import { ConfigError, LimitExceededError, needs } from './errors.js';
import type { Keyring } from './materials.js';
import type { MaterialsManager } from './materials_manager.js';
import { toMaterialsManager } from './managers/default_materials_manager.js';
import type { SkippedKey } from './materials.js';
import type { MessageHeader } from './header_types.js';
import type { AlgorithmSuite } from './suites.js';
import { deriveMessageKeys } from './crypto/kdf.js';
import { MAX_NON_FRAMED_LENGTH, writeBodyHead, type BodyKind } from './format/frame_head.js';
import { writeFooter as writeFooterBytes } from './format/footer.js';
import { BodyCipher } from './crypto/body_cipher.js';
import { writeAuthenticatedHeader } from './crypto/header_auth.js';
import type { MaybePromise, Signer, SigningKey } from './crypto/backend.js';
import { after, isPromise } from './crypto/maybe.js';
import { encryptionRequest, newMessageId, prepareEncryption } from './materials_checks.js';
import { DEFAULT_FRAME_LENGTH, DEFAULT_MAX_FRAME_LENGTH, type EncryptOptions } from './options.js';

export interface StartedMessage {
  readonly suite: AlgorithmSuite;
  /** The complete header, auth included. */
  readonly headerBytes: Uint8Array;
  readonly header: MessageHeader;
  readonly body: BodyCipher;
  /** Signed suites: the signer, which has seen the header. */
  readonly signer: Signer | undefined;
  readonly signingKey: SigningKey | undefined;
  readonly frameLength: number;
  readonly skippedKeys: readonly SkippedKey[] | undefined;
}

/** The frame length an encryption uses, validated. */
export function frameLengthOf(options: EncryptOptions): number {
  const f = options.frameLength ?? DEFAULT_FRAME_LENGTH;
  // Not above what decrypt accepts by default: a message no reader opens is not written.
  needs(
    Number.isInteger(f) && f >= 0 && f <= DEFAULT_MAX_FRAME_LENGTH,
    ConfigError,
    `frameLength must be an integer from 0 (non-framed) to ${DEFAULT_MAX_FRAME_LENGTH} (decrypt's default maxFrameLength), got ${String(f)}`,
  );
  return f;
}

/**
 * Gets materials from the manager (a keyring is wrapped in the default one), derives the keys
 * (wiping the data key at once) and writes the header.
 */
export async function startMessage(keyringOrManager: Keyring | MaterialsManager, options: EncryptOptions, plaintextLength: number | undefined): Promise<StartedMessage> {
  const frameLength = frameLengthOf(options);
  const manager = toMaterialsManager(keyringOrManager);
  const request = encryptionRequest(options, plaintextLength);
  const { suite, materials, dataKey, signer, signingKey, skippedKeys } = await prepareEncryption(manager, request);
  const messageId = newMessageId(suite);
  let keys;
  try {
    keys = deriveMessageKeys(suite, dataKey, messageId);
    if (isPromise(keys)) keys = await keys;
  } finally {
    dataKey.fill(0);
  }
  let headerBytes = writeAuthenticatedHeader(
    { suite, messageId, encryptionContext: materials.encryptionContext, encryptedDataKeys: materials.encryptedDataKeys, frameLength, commitment: keys.commitment },
    keys.key,
  );
  if (isPromise(headerBytes)) headerBytes = await headerBytes;
  signer?.update(headerBytes);
  const header: MessageHeader = Object.freeze({
    version: suite.messageFormat,
    suiteId: suite.id,
    messageId: new Uint8Array(messageId),
    encryptionContext: materials.encryptionContext,
    encryptedDataKeys: Object.freeze([...materials.encryptedDataKeys]),
    contentType: frameLength === 0 ? 'non-framed' : 'framed',
    frameLength,
  });
  return { suite, headerBytes, header, body: new BodyCipher(suite, keys.key, messageId), signer, signingKey, frameLength, skippedKeys };
}

/**
 * Writes one body part (head, ciphertext, tag) at out[o..]; returns the offset after it.
 * `kind` 'single' is the whole non-framed body (sequence 1).
 */
export function writePart(body: BodyCipher, kind: BodyKind, seq: number, plaintext: Uint8Array, out: Uint8Array, o: number): MaybePromise<number> {
  if (plaintext.length > MAX_NON_FRAMED_LENGTH) throw new LimitExceededError('non-framed content is longer than 2^36 - 32 bytes');
  o = writeBodyHead({ kind, sequence: seq, iv: body.ivFor(seq), length: plaintext.length }, body.suite, out, o);
  return body.sealInto(kind, seq, plaintext, out, o);
}

/** Writes a regular frame at out[o..]; returns the offset after it. */
export function writeFrame(body: BodyCipher, seq: number, plaintext: Uint8Array, out: Uint8Array, o: number): MaybePromise<number> {
  return writePart(body, 'frame', seq, plaintext, out, o);
}

/** Writes the final frame at out[o..]; returns the offset after it. */
export function writeFinalFrame(body: BodyCipher, seq: number, plaintext: Uint8Array, out: Uint8Array, o: number): MaybePromise<number> {
  return writePart(body, 'final', seq, plaintext, out, o);
}

/** Writes a non-framed body at out[o..]; returns the offset after it. */
export function writeNonFramed(body: BodyCipher, plaintext: Uint8Array, out: Uint8Array, o: number): MaybePromise<number> {
  return writePart(body, 'single', 1, plaintext, out, o);
}

/** Signs and writes the footer at out[o..]; returns the offset after it. */
export function writeFooter(signer: Signer, out: Uint8Array, o: number): MaybePromise<number> {
  return after(signer.sign(), (signature) => writeFooterBytes(signature, out, o));
}
