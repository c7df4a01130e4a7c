/**
 * Message header, format version 2, for committing suites (AWS ESDK spec, data-format/message-header.md).
 *
 *   version          1   0x02                       ┐
 *   suite id         2                              │
 *   message id      32                              │ authenticated bytes
 *   ec field         2 + n  (encryption_context.ts) │ (the header body)
 *   edks             2 + …  (encrypted_data_keys.ts)│
 *   content type     1   0x01 non-framed, 0x02 framed
 *   frame length     4   0 when non-framed          │
 *   suite data      32   the key commitment         ┘
 *   header auth tag 16   AES-GCM (IV all zeros) over an empty plaintext, the header body as AAD
 */
import { MalformedMessageError, needs } from '../errors.js';
import { want, type Source, type Steps } from '../internal/step_reader.js';
import { get16, get32, put16, put32 } from '../internal/bytes.js';
import { writeEncryptionContextField } from './encryption_context.js';
import { writeEncryptedDataKeys } from './encrypted_data_keys.js';
import { checkFields, parsedHeader, putSharedFields, readContentType, sharedFieldsSteps, suiteOf, type HeaderAuth, type HeaderFields, type HeaderLimits, type ParsedHeader } from './header_fields.js';

const VERSION = 2;

/** Resumable reader of a v2 header at the start of the source. */
export function* headerV2Steps(src: Source, limits: HeaderLimits = {}): Steps<ParsedHeader> {
  yield* want(src, 3);
  needs(src.bytes[0] === VERSION, MalformedMessageError, 'header: not a v2 header');
  const suite = suiteOf(get16(src.bytes, 1), VERSION);
  const { fields, end: fieldsEnd } = yield* sharedFieldsSteps(src, 3, suite, limits);
  let o = fieldsEnd;
  yield* want(src, o + 5);
  let b = src.bytes;
  const contentType = readContentType(b[o]);
  const frameLength = get32(b, o + 1);
  checkFields(contentType, frameLength);
  o += 5 + suite.commitmentLength;
  const end = o + suite.tagLength;
  yield* want(src, end);
  b = src.bytes;
  return parsedHeader(fields, {
    contentType,
    frameLength,
    body: b.subarray(0, o),
    headerIv: new Uint8Array(suite.ivLength),
    headerTag: b.subarray(o, end),
    commitment: b.subarray(o - suite.commitmentLength, o),
    length: end,
  });
}

/** Writes a v2 header; `auth` computes the tag over the header body the writer laid out. */
export function writeHeaderV2(h: HeaderFields, auth: HeaderAuth): Uint8Array {
  const { suite, commitment } = h;
  needs(
    suite.messageFormat === VERSION && h.messageId.length === suite.messageIdLength && commitment?.length === suite.commitmentLength,
    MalformedMessageError,
    'header: fields do not fit a v2 header',
  );
  const ec = writeEncryptionContextField(h.encryptionContext);
  const edks = writeEncryptedDataKeys(h.encryptedDataKeys);
  const bodyLength = 3 + h.messageId.length + ec.length + edks.length + 5 + commitment.length;
  const out = new Uint8Array(bodyLength + suite.tagLength);
  out[0] = VERSION;
  let o = putSharedFields(out, put16(out, 1, suite.id), h, ec, edks);
  o = put32(out, o, h.frameLength);
  out.set(commitment, o);
  out.set(auth(out.subarray(0, bodyLength), new Uint8Array(suite.ivLength)), bodyLength);
  return out;
}
