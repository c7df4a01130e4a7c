/**
 * Message header, format version 1 (AWS ESDK spec, data-format/message-header.md).
 *
 *   version          1   0x01                       ┐
 *   type             1   0x80 (customer AED)        │
 *   suite id         2                              │
 *   message id      16                              │ authenticated bytes
 *   ec field         2 + n  (encryption_context.ts) │ (the header body)
 *   edks             2 + …  (encrypted_data_keys.ts)│
 *   content type     1   0x01 non-framed, 0x02 framed
 *   reserved         4   0x00000000                 │
 *   iv length        1   the suite's IV length (12) │
 *   frame length     4   0 when non-framed          ┘
 *   header auth iv  12   (written as zeros)
 *   header auth tag 16   AES-GCM over an empty plaintext, the header body as AAD
 */
import { MalformedMessageError, needs } from '../errors.js';
import { want, type Source, type Steps } from '../internal/step_reader.js';
import { get16, get32, put16, put32 } from '../internal/bytes.js';
import { writeEncryptionContextField } from './encryption_context.js';
import { writeEncryptedDataKeys } from './encrypted_data_keys.js';
import { checkFields, parsedHeader, putSharedFields, readContentType, sharedFieldsSteps, suiteOf, type HeaderAuth, type HeaderFields, type HeaderLimits, type ParsedHeader } from './header_fields.js';

const VERSION = 1;
const TYPE_CUSTOMER_AED = 0x80;

/** Resumable reader of a v1 header at the start of the source. */
export function* headerV1Steps(src: Source, limits: HeaderLimits = {}): Steps<ParsedHeader> {
  yield* want(src, 4);
  needs(src.bytes[0] === VERSION, MalformedMessageError, 'header: not a v1 header');
  needs(src.bytes[1] === TYPE_CUSTOMER_AED, MalformedMessageError, 'header: unknown message type');
  const suite = suiteOf(get16(src.bytes, 2), VERSION);
  const { fields, end: fieldsEnd } = yield* sharedFieldsSteps(src, 4, suite, limits);
  let o = fieldsEnd;
  yield* want(src, o + 10);
  let b = src.bytes;
  const contentType = readContentType(b[o]);
  needs(get32(b, o + 1) === 0, MalformedMessageError, 'header: reserved bytes are not zero');
  needs(b[o + 5] === suite.ivLength, MalformedMessageError, `header: IV length is not ${suite.ivLength}`);
  const frameLength = get32(b, o + 6);
  checkFields(contentType, frameLength);
  o += 10;
  const end = o + suite.ivLength + suite.tagLength;
  yield* want(src, end);
  b = src.bytes;
  return parsedHeader(fields, {
    contentType,
    frameLength,
    body: b.subarray(0, o),
    headerIv: b.subarray(o, o + suite.ivLength),
    headerTag: b.subarray(o + suite.ivLength, end),
    commitment: undefined,
    length: end,
  });
}

/** Writes a v1 header; `auth` computes the tag over the header body the writer laid out. */
export function writeHeaderV1(h: HeaderFields, auth: HeaderAuth): Uint8Array {
  const { suite } = h;
  needs(suite.messageFormat === VERSION && h.messageId.length === suite.messageIdLength, MalformedMessageError, 'header: fields do not fit a v1 header');
  const ec = writeEncryptionContextField(h.encryptionContext);
  const edks = writeEncryptedDataKeys(h.encryptedDataKeys);
  const bodyLength = 4 + h.messageId.length + ec.length + edks.length + 10;
  const out = new Uint8Array(bodyLength + suite.ivLength + suite.tagLength);
  out[0] = VERSION;
  out[1] = TYPE_CUSTOMER_AED;
  let o = putSharedFields(out, put16(out, 2, suite.id), h, ec, edks);
  o = put32(out, o, 0);
  out[o++] = suite.ivLength;
  o = put32(out, o, h.frameLength);
  const iv = h.headerIv ?? new Uint8Array(suite.ivLength);
  out.set(iv, o);
  out.set(auth(out.subarray(0, bodyLength), out.subarray(o, o + suite.ivLength)), o + suite.ivLength);
  return out;
}
