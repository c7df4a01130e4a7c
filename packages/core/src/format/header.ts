/**
 * Message header, v1 and v2 (AWS ESDK spec, data-format/message-header.md).
 *
 * v1:                                   v2:
 *   version       1  0x01                 version       1  0x02
 *   type          1  0x80                 suite id      2
 *   suite id      2                       message id   32
 *   message id   16                       ec length     2
 *   ec length     2                       ec            ec length bytes
 *   ec            ec length bytes         edk count     2
 *   edk count     2                       edks          (see below)
 *   edks          (see below)             content type  1  0x01 non-framed, 0x02 framed
 *   content type  1                       frame length  4
 *   reserved      4  0x00000000           suite data   32  key commitment
 *   iv length     1  12                 header auth (v2):
 *   frame length  4                       tag          16
 * header auth (v1):
 *   iv           12
 *   tag          16
 *
 * edk: providerIdLen 2, providerId (UTF-8), providerInfoLen 2, providerInfo, ciphertextLen 2, ciphertext
 * The header auth tag is AES-GCM over an empty plaintext with the header body as AAD.
 */
import { MalformedMessageError, LimitExceededError, UnsupportedSuiteError, needs } from '../errors.js';
import type { EncryptedDataKey } from '../materials.js';
import type { MessageHeader } from '../header_types.js';
import { findSuite, type AlgorithmSuite } from '../suites.js';
import { decodeUtf8, utf8 } from '../internal/bytes.js';
import { parseEncryptionContext } from './encryption_context.js';

export const CONTENT_NON_FRAMED = 0x01;
export const CONTENT_FRAMED = 0x02;
const V1_TYPE = 0x80;
const TAG_LENGTH = 16;
const IV_LENGTH = 12;

/** A header as read from (or written to) a message, with what decryption needs besides the public fields. */
export interface ParsedHeader extends MessageHeader {
  readonly suite: AlgorithmSuite;
  readonly messageId: Buffer;
  /** The header body: every byte the header auth tag covers. */
  readonly body: Buffer;
  /** v1: the IV stored in the header auth; v2: all zeros. */
  readonly headerIv: Buffer;
  readonly headerTag: Buffer;
  /** v2: the key commitment (suite data). */
  readonly commitment: Buffer | undefined;
  /** Total header length in bytes, auth included. */
  readonly length: number;
}

export interface HeaderLimits {
  /** Refuse headers with more EDKs than this (LimitExceededError). */
  readonly maxEncryptedDataKeys?: number | undefined;
}

/**
 * Reads a header at the start of `b`. Returns undefined when `b` is too short to hold the whole
 * header (read again with more bytes); throws on a malformed header.
 */
export function readHeader(b: Buffer, limits: HeaderLimits = {}): ParsedHeader | undefined {
  if (b.length < 1) return undefined;
  const version = b[0];
  if (version !== 1 && version !== 2) throw new MalformedMessageError(`header: unknown message format version 0x${(version ?? 0).toString(16).padStart(2, '0')}`);
  let o = 1;
  if (version === 1) {
    if (b.length < 2) return undefined;
    needs(b[1] === V1_TYPE, MalformedMessageError, 'header: unknown message type');
    o = 2;
  }
  if (b.length < o + 2) return undefined;
  const suiteId = b.readUInt16BE(o);
  o += 2;
  const suite = findSuite(suiteId);
  if (!suite) throw new UnsupportedSuiteError(`header: unknown algorithm suite 0x${suiteId.toString(16).padStart(4, '0')}`);
  needs(suite.messageFormat === version, MalformedMessageError, `header: suite 0x${suiteId.toString(16).padStart(4, '0')} is not valid in a v${version} header`);
  const idLength = version === 1 ? 16 : 32;
  if (b.length < o + idLength + 2) return undefined;
  const messageId = Buffer.from(b.subarray(o, o + idLength));
  o += idLength;
  const ecLength = b.readUInt16BE(o);
  o += 2;
  if (b.length < o + ecLength + 2) return undefined;
  const encryptionContext = parseEncryptionContext(b.subarray(o, o + ecLength));
  o += ecLength;
  const edkCount = b.readUInt16BE(o);
  o += 2;
  needs(edkCount > 0, MalformedMessageError, 'header: no encrypted data keys');
  if (limits.maxEncryptedDataKeys !== undefined && edkCount > limits.maxEncryptedDataKeys) {
    throw new LimitExceededError(`header: ${edkCount} encrypted data keys, more than maxEncryptedDataKeys (${limits.maxEncryptedDataKeys})`);
  }
  const edks: EncryptedDataKey[] = [];
  for (let i = 0; i < edkCount; i++) {
    const fields: Buffer[] = [];
    for (let f = 0; f < 3; f++) {
      if (b.length < o + 2) return undefined;
      const len = b.readUInt16BE(o);
      o += 2;
      if (b.length < o + len) return undefined;
      fields.push(b.subarray(o, o + len));
      o += len;
    }
    const providerId = decodeUtf8(fields[0]!);
    needs(providerId !== undefined, MalformedMessageError, 'header: encrypted data key provider id is not valid UTF-8');
    edks.push(Object.freeze({ providerId, providerInfo: Buffer.from(fields[1]!), ciphertext: Buffer.from(fields[2]!) }));
  }
  const rest = version === 1 ? 1 + 4 + 1 + 4 : 1 + 4 + suite.commitmentLength;
  if (b.length < o + rest) return undefined;
  const contentType = b[o++];
  needs(contentType === CONTENT_FRAMED || contentType === CONTENT_NON_FRAMED, MalformedMessageError, 'header: unknown content type');
  if (version === 1) {
    needs(b.readUInt32BE(o) === 0, MalformedMessageError, 'header: reserved bytes are not zero');
    o += 4;
    needs(b[o] === IV_LENGTH, MalformedMessageError, 'header: IV length is not 12');
    o += 1;
  }
  const frameLength = b.readUInt32BE(o);
  o += 4;
  if (contentType === CONTENT_FRAMED) needs(frameLength > 0, MalformedMessageError, 'header: frame length 0 with framed content');
  else needs(frameLength === 0, MalformedMessageError, 'header: non-zero frame length with non-framed content');
  let commitment: Buffer | undefined;
  if (version === 2) {
    commitment = b.subarray(o, o + suite.commitmentLength);
    o += suite.commitmentLength;
  }
  const bodyEnd = o;
  const authLength = version === 1 ? IV_LENGTH + TAG_LENGTH : TAG_LENGTH;
  if (b.length < o + authLength) return undefined;
  const headerIv = version === 1 ? b.subarray(o, o + IV_LENGTH) : ZERO_IV;
  if (version === 1) o += IV_LENGTH;
  const headerTag = b.subarray(o, o + TAG_LENGTH);
  o += TAG_LENGTH;
  return {
    version,
    suiteId,
    suite,
    messageId,
    encryptionContext,
    encryptedDataKeys: Object.freeze(edks),
    contentType: contentType === CONTENT_FRAMED ? 'framed' : 'non-framed',
    frameLength,
    body: b.subarray(0, bodyEnd),
    headerIv,
    headerTag,
    commitment,
    length: o,
  };
}

export const ZERO_IV: Buffer = Buffer.alloc(IV_LENGTH);

export interface HeaderFields {
  readonly suite: AlgorithmSuite;
  readonly messageId: Buffer;
  /** Serialized encryption context. */
  readonly ec: Buffer;
  readonly edks: readonly EncryptedDataKey[];
  readonly frameLength: number;
  /** v2 only. */
  readonly commitment?: Buffer;
}

/** Writes the header body (everything the header auth covers). */
export function writeHeaderBody(h: HeaderFields): Buffer {
  const v1 = h.suite.messageFormat === 1;
  const edks = h.edks.map((e) => [utf8(e.providerId), e.providerInfo, e.ciphertext] as const);
  let size = (v1 ? 2 : 1) + 2 + h.messageId.length + 2 + h.ec.length + 2 + 1 + 4 + (v1 ? 5 : h.suite.commitmentLength);
  for (const e of edks) for (const f of e) {
    needs(f.length <= 0xffff, MalformedMessageError, 'header: an encrypted data key field is longer than 65535 bytes');
    size += 2 + f.length;
  }
  needs(edks.length > 0 && edks.length <= 0xffff, MalformedMessageError, 'header: encrypted data key count out of range');
  const out = Buffer.allocUnsafe(size);
  let o = 0;
  out[o++] = h.suite.messageFormat;
  if (v1) out[o++] = V1_TYPE;
  o = out.writeUInt16BE(h.suite.id, o);
  o += h.messageId.copy(out, o);
  o = out.writeUInt16BE(h.ec.length, o);
  o += h.ec.copy(out, o);
  o = out.writeUInt16BE(edks.length, o);
  for (const e of edks) for (const f of e) {
    o = out.writeUInt16BE(f.length, o);
    out.set(f, o);
    o += f.length;
  }
  out[o++] = h.frameLength === 0 ? CONTENT_NON_FRAMED : CONTENT_FRAMED;
  if (v1) {
    o = out.writeUInt32BE(0, o);
    out[o++] = IV_LENGTH;
  }
  o = out.writeUInt32BE(h.frameLength, o);
  if (!v1) o += h.commitment!.copy(out, o);
  return out;
}

/** The public view of a parsed header (no internal buffers beyond the documented fields). */
export function publicHeader(h: ParsedHeader): MessageHeader {
  return Object.freeze({
    version: h.version,
    suiteId: h.suiteId,
    messageId: new Uint8Array(h.messageId),
    encryptionContext: h.encryptionContext,
    encryptedDataKeys: h.encryptedDataKeys,
    contentType: h.contentType,
    frameLength: h.frameLength,
  });
}
