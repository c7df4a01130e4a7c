/**
 * What the v1 and v2 header codecs share: the parsed form, the fields a writer takes, the run of
 * fields both lay out alike (message id, encryption context, encrypted data keys), and the checks
 * of the suite id, content type and frame length.
 */
import { MalformedMessageError, UnsupportedSuiteError, needs } from '../errors.js';
import type { EncryptedDataKey, EncryptionContext } from '../header_types.js';
import type { MessageHeader } from '../header_types.js';
import { copyBytes } from '../internal/bytes.js';
import { section, want, type Source, type Steps } from '../internal/step_reader.js';
import { findSuite, suiteLabel, type AlgorithmSuite } from '../suites.js';
import { encryptedDataKeysSteps, type EdkLimits } from './encrypted_data_keys.js';
import { readEncryptionContextField } from './encryption_context.js';

/** A header as read from a message, with what decryption needs besides the public fields. */
export interface ParsedHeader extends MessageHeader {
  readonly suite: AlgorithmSuite;
  readonly messageId: Uint8Array;
  /** The header body: every byte the header auth tag covers. */
  readonly body: Uint8Array;
  /** v1: the IV stored in the header auth; v2: all zeros. */
  readonly headerIv: Uint8Array;
  readonly headerTag: Uint8Array;
  /** v2: the key commitment (suite data). */
  readonly commitment: Uint8Array | undefined;
  /** Total header length in bytes, auth included. */
  readonly length: number;
}

/** What a header writer lays out (a {@link ParsedHeader} is one, so parsed headers write back). */
export interface HeaderFields {
  readonly suite: AlgorithmSuite;
  readonly messageId: Uint8Array;
  readonly encryptionContext: EncryptionContext;
  readonly encryptedDataKeys: readonly EncryptedDataKey[];
  /** 0 writes a non-framed message. */
  readonly frameLength: number;
  /** v2: the key commitment. */
  readonly commitment?: Uint8Array | undefined;
  /** v1: the header auth IV (zeros when absent). */
  readonly headerIv?: Uint8Array | undefined;
}

/** Computes the header auth tag over the authenticated bytes the writer laid out, with `iv`. */
export type HeaderAuth = (authenticated: Uint8Array, iv: Uint8Array) => Uint8Array;

/** Limits a header reader enforces before allocating. */
export type HeaderLimits = EdkLimits;

const CONTENT_NON_FRAMED = 0x01;
const CONTENT_FRAMED = 0x02;

/** The suite of a header's suite id, which must belong to the header's version. */
export function suiteOf(id: number, version: 1 | 2): AlgorithmSuite {
  const suite = findSuite(id);
  if (!suite) throw new UnsupportedSuiteError(`header: unknown algorithm suite ${suiteLabel(id)}`);
  needs(suite.messageFormat === version, MalformedMessageError, `header: suite ${suiteLabel(id)} is not valid in a v${version} header`);
  return suite;
}

/** The content type byte, read. */
export function readContentType(byte: number | undefined): MessageHeader['contentType'] {
  if (byte === CONTENT_FRAMED) return 'framed';
  needs(byte === CONTENT_NON_FRAMED, MalformedMessageError, 'header: unknown content type');
  return 'non-framed';
}

/** The content type byte of a frame length (0: non-framed). */
export function contentTypeOf(frameLength: number): number {
  needs(Number.isInteger(frameLength) && frameLength >= 0 && frameLength <= 0xffffffff, MalformedMessageError, 'header: frame length out of range');
  return frameLength === 0 ? CONTENT_NON_FRAMED : CONTENT_FRAMED;
}

/** Framed content has frames; non-framed content has frame length 0. */
export function checkFields(contentType: MessageHeader['contentType'], frameLength: number): void {
  if (contentType === 'framed') needs(frameLength > 0, MalformedMessageError, 'header: frame length 0 with framed content');
  else needs(frameLength === 0, MalformedMessageError, 'header: non-zero frame length with non-framed content');
}

/** The fields both versions lay out alike, read: the version, the suite and the run after its id. */
export interface SharedFields {
  readonly version: 1 | 2;
  readonly suiteId: number;
  readonly suite: AlgorithmSuite;
  readonly messageId: Uint8Array;
  readonly encryptionContext: EncryptionContext;
  readonly encryptedDataKeys: readonly EncryptedDataKey[];
}

/**
 * Reads the message id at `at` (the suite's length), the encryption context field and the
 * encrypted data keys after it, for a header of the suite's version; `end` is where the content
 * type byte is.
 */
export function* sharedFieldsSteps(src: Source, at: number, suite: AlgorithmSuite, limits: HeaderLimits): Steps<{ fields: SharedFields; end: number }> {
  const ecAt = at + suite.messageIdLength;
  yield* want(src, ecAt);
  const messageId = copyBytes(src.bytes.subarray(at, ecAt));
  const ec = yield* section(src, readEncryptionContextField, ecAt);
  const edks = yield* encryptedDataKeysSteps(src, ec.end, limits);
  return { fields: { version: suite.messageFormat, suiteId: suite.id, suite, messageId, encryptionContext: ec.value.context, encryptedDataKeys: edks.value }, end: edks.end };
}

/**
 * The parsed header from the shared fields and a version's own, every field named: built with
 * `{ ...fields, … }`, the header took more time than the rest of decrypting a small message
 * (bench/ab_core.mjs dec1k).
 */
export function parsedHeader(f: SharedFields, own: Omit<ParsedHeader, keyof SharedFields>): ParsedHeader {
  return {
    version: f.version,
    suiteId: f.suiteId,
    suite: f.suite,
    messageId: f.messageId,
    encryptionContext: f.encryptionContext,
    encryptedDataKeys: f.encryptedDataKeys,
    contentType: own.contentType,
    frameLength: own.frameLength,
    body: own.body,
    headerIv: own.headerIv,
    headerTag: own.headerTag,
    commitment: own.commitment,
    length: own.length,
  };
}

/**
 * Writes the message id at `o`, then the encryption context field and the encrypted data keys
 * (both already serialized, for the writer's length) and the content type byte; returns the
 * offset after them.
 */
export function putSharedFields(out: Uint8Array, o: number, h: HeaderFields, ec: Uint8Array, edks: Uint8Array): number {
  for (const part of [h.messageId, ec, edks]) {
    out.set(part, o);
    o += part.length;
  }
  out[o] = contentTypeOf(h.frameLength);
  return o + 1;
}
