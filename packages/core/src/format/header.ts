/**
 * Message header, either version: the first byte says which codec reads it (header_v1.ts,
 * header_v2.ts draw the layouts). The readers are resumable, so a stream feeding a header in
 * small chunks costs time linear in its length.
 */
import { MalformedMessageError } from '../errors.js';
import type { MessageHeader } from '../header_types.js';
import { StepReader, readAll, want, type Source, type Steps } from '../internal/step_reader.js';
import { headerV1Steps, writeHeaderV1 } from './header_v1.js';
import { headerV2Steps, writeHeaderV2 } from './header_v2.js';
import type { HeaderAuth, HeaderFields, HeaderLimits, ParsedHeader } from './header_fields.js';

export type { HeaderAuth, HeaderFields, HeaderLimits, ParsedHeader } from './header_fields.js';

/** Resumable reader of a header of either version. */
export function* headerSteps(src: Source, limits: HeaderLimits = {}): Steps<ParsedHeader> {
  yield* want(src, 1);
  const version = src.bytes[0]!;
  if (version === 1) return yield* headerV1Steps(src, limits);
  if (version === 2) return yield* headerV2Steps(src, limits);
  throw new MalformedMessageError(`header: unknown message format version 0x${version.toString(16).padStart(2, '0')}`);
}

/**
 * Reads a header at the start of `b`. Returns undefined when `b` is too short to hold the whole
 * header (read again with more bytes); throws on a malformed header.
 */
export function readHeader(b: Uint8Array, limits: HeaderLimits = {}): ParsedHeader | undefined {
  return readAll(b, (src) => headerSteps(src, limits));
}

/** A header reader that resumes where it stopped each time more bytes arrived. */
export function headerReader(limits: HeaderLimits = {}): StepReader<ParsedHeader> {
  return new StepReader((src) => headerSteps(src, limits));
}

/** Writes the header of the fields' suite version; `auth` computes the tag over the authenticated bytes. */
export function writeHeader(h: HeaderFields, auth: HeaderAuth): Uint8Array {
  return h.suite.messageFormat === 1 ? writeHeaderV1(h, auth) : writeHeaderV2(h, auth);
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
