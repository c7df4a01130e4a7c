/**
 * What buffer and stream encryption share: the header (materials, message id, keys, header auth)
 * and writers for each body part.
 */
import type { KeyObject, Sign } from 'node:crypto';
import { ConfigError, LimitExceededError, needs } from './errors.js';
import type { Keyring } from './materials.js';
import { toMaterialsManager, type MaterialsManager } from './materials_manager.js';
import type { KeyAttempt } from './errors.js';
import type { MessageHeader } from './header_types.js';
import type { AlgorithmSuite } from './suites.js';
import { deriveMessageKeys } from './crypto/kdf.js';
import { serializeEncryptionContext } from './format/encryption_context.js';
import { ZERO_IV, writeHeaderBody } from './format/header.js';
import { BodyCipher, FINAL_FRAME_MARKER, IV_LENGTH, MAX_NON_FRAMED_LENGTH, headerAuthTag } from './format/body.js';
import { encryptionRequest, newMessageId, prepareEncryption } from './materials_checks.js';
import { DEFAULT_FRAME_LENGTH, type EncryptOptions } from './options.js';
import { maxSignatureLength } from './crypto/signature.js';

export interface StartedMessage {
  readonly suite: AlgorithmSuite;
  /** The complete header, auth included. */
  readonly headerBytes: Buffer;
  readonly header: MessageHeader;
  readonly body: BodyCipher;
  readonly signer: Sign | undefined;
  readonly signingKey: KeyObject | undefined;
  readonly frameLength: number;
  readonly skippedKeys: readonly KeyAttempt[] | undefined;
}

/** The frame length an encryption uses, validated. */
export function frameLengthOf(options: EncryptOptions): number {
  const f = options.frameLength ?? DEFAULT_FRAME_LENGTH;
  needs(Number.isInteger(f) && f >= 0 && f <= 0xffffffff, ConfigError, `frameLength must be an integer from 0 (non-framed) to 2^32-1, got ${f}`);
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
  const { suite, materials, dataKey, signer, signingKey } = await prepareEncryption(manager, request);
  const messageId = newMessageId(suite);
  let keys;
  try {
    keys = deriveMessageKeys(suite, dataKey, messageId);
  } finally {
    dataKey.fill(0);
  }
  const ec = serializeEncryptionContext(materials.encryptionContext);
  const body = writeHeaderBody({
    suite,
    messageId,
    ec,
    edks: materials.encryptedDataKeys,
    frameLength,
    ...(keys.commitment ? { commitment: keys.commitment } : {}),
  });
  const tag = headerAuthTag(suite, keys.key, ZERO_IV, body);
  const headerBytes = suite.messageFormat === 1 ? Buffer.concat([body, ZERO_IV, tag]) : Buffer.concat([body, tag]);
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
  return { suite, headerBytes, header, body: new BodyCipher(suite, keys.key, messageId), signer, signingKey, frameLength, skippedKeys: materials.skippedKeys };
}

/** Writes a regular frame at out[o..]; returns the offset after it. */
export function writeFrame(body: BodyCipher, seq: number, plaintext: Uint8Array, out: Buffer, o: number): number {
  o = out.writeUInt32BE(seq, o);
  o += body.ivFor(seq).copy(out, o);
  return body.sealInto('frame', seq, plaintext, out, o);
}

/** Writes the final frame at out[o..]; returns the offset after it. */
export function writeFinalFrame(body: BodyCipher, seq: number, plaintext: Uint8Array, out: Buffer, o: number): number {
  o = out.writeUInt32BE(FINAL_FRAME_MARKER, o);
  o = out.writeUInt32BE(seq, o);
  o += body.ivFor(seq).copy(out, o);
  o = out.writeUInt32BE(plaintext.length, o);
  return body.sealInto('final', seq, plaintext, out, o);
}

/** Writes a non-framed body at out[o..]; returns the offset after it. */
export function writeNonFramed(body: BodyCipher, plaintext: Uint8Array, out: Buffer, o: number): number {
  if (plaintext.length > MAX_NON_FRAMED_LENGTH) throw new LimitExceededError('non-framed content is longer than 2^36 - 32 bytes');
  o += body.ivFor(1).copy(out, o);
  o = out.writeUInt32BE(Math.floor(plaintext.length / 2 ** 32), o);
  o = out.writeUInt32BE(plaintext.length >>> 0, o);
  return body.sealInto('single', 1, plaintext, out, o);
}

/** Writes the footer (signature length + DER signature) at out[o..]; returns the offset after it. */
export function writeFooter(signer: Sign, key: KeyObject, out: Buffer, o: number): number {
  const sig = signer.sign(key);
  o = out.writeUInt16BE(sig.length, o);
  return o + sig.copy(out, o);
}

export { IV_LENGTH, maxSignatureLength };
