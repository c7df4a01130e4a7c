/**
 * Encryption context codec (AWS ESDK spec, structures.md § encryption context).
 *
 * In the header the context is a field with a length prefix:
 *   ec length uint16            bytes of what follows (0 for an empty context)
 * and the serialized context itself is:
 *   count     uint16            number of pairs (the whole field is empty when there are none)
 *   repeat count times, sorted by the UTF-8 bytes of the key:
 *     keyLen    uint16
 *     key       keyLen bytes    UTF-8
 *     valueLen  uint16
 *     value     valueLen bytes  UTF-8
 */
import { EncryptionContextError, MalformedMessageError } from '../errors.js';
import type { EncryptionContext } from '../header_types.js';
import { compareBytes, decodeUtf8, get16, put16, utf8 } from '../internal/bytes.js';
import type { Read } from '../internal/step_reader.js';

/** Reserved key prefix: only the SDK itself may write such keys. */
export const RESERVED_PREFIX = 'aws-crypto-';
/** Key of the signing public key in the encryption context of signed suites. */
export const PUBLIC_KEY_CONTEXT_KEY = 'aws-crypto-public-key';

/** Serializes an encryption context; empty context → empty bytes. */
export function serializeEncryptionContext(ec: EncryptionContext): Uint8Array {
  const keys = Object.keys(ec);
  if (keys.length === 0) return new Uint8Array(0);
  const pairs = keys.map((k) => [utf8(k), utf8(ec[k]!)] as const);
  pairs.sort((a, b) => compareBytes(a[0], b[0]));
  let size = 2;
  for (let i = 1; i < pairs.length; i++) {
    // Distinct strings can encode to the same bytes (lone surrogates become U+FFFD): no reader would accept it.
    if (compareBytes(pairs[i - 1]![0], pairs[i]![0]) === 0) throw new EncryptionContextError('encryption context: two keys have the same UTF-8 encoding');
  }
  for (const [k, v] of pairs) {
    if (k.length > 0xffff || v.length > 0xffff) throw new EncryptionContextError('encryption context: a key or value is longer than 65535 bytes');
    size += 4 + k.length + v.length;
  }
  if (pairs.length > 0xffff || size > 0xffff) throw new EncryptionContextError('encryption context: serialized form is longer than 65535 bytes');
  const out = new Uint8Array(size);
  let o = put16(out, 0, pairs.length);
  for (const [k, v] of pairs) {
    o = put16(out, o, k.length);
    out.set(k, o);
    o = put16(out, o + k.length, v.length);
    out.set(v, o);
    o += v.length;
  }
  return out;
}

/** Parses serialized context bytes (the whole field); throws MalformedMessageError on any defect. */
export function parseEncryptionContext(b: Uint8Array): EncryptionContext {
  if (b.length === 0) return Object.freeze({});
  const bad = (why: string): never => {
    throw new MalformedMessageError(`header: encryption context ${why}`);
  };
  if (b.length < 2) bad('is cut short');
  const count = get16(b, 0);
  if (count === 0) bad('declares zero pairs in a non-empty field');
  const entries: [string, string][] = [];
  const seen = new Set<string>();
  let o = 2;
  const field = (): string => {
    if (o + 2 > b.length) bad('is cut short');
    const len = get16(b, o);
    o += 2;
    if (o + len > b.length) bad('is cut short');
    const s = decodeUtf8(b.subarray(o, o + len));
    if (s === undefined) bad('is not valid UTF-8');
    o += len;
    return s!;
  };
  for (let i = 0; i < count; i++) {
    const k = field();
    const v = field();
    if (seen.has(k)) bad('has a duplicate key');
    seen.add(k);
    entries.push([k, v]);
  }
  if (o !== b.length) bad('has trailing bytes');
  return Object.freeze(Object.fromEntries(entries));
}

/**
 * Reads the header's length-prefixed context field at b[o..]: the context and the offset after
 * it, or undefined when `b` ends first. A defective context throws MalformedMessageError.
 */
export function readEncryptionContextField(b: Uint8Array, o: number): Read<{ readonly context: EncryptionContext; readonly bytes: Uint8Array }> {
  if (b.length < o + 2) return undefined;
  const end = o + 2 + get16(b, o);
  if (b.length < end) return undefined;
  const bytes = b.subarray(o + 2, end);
  return { value: { context: parseEncryptionContext(bytes), bytes }, end };
}

/** Writes the length-prefixed context field (the inverse of {@link readEncryptionContextField}). */
export function writeEncryptionContextField(ec: EncryptionContext): Uint8Array {
  const body = serializeEncryptionContext(ec);
  const out = new Uint8Array(2 + body.length);
  put16(out, 0, body.length);
  out.set(body, 2);
  return out;
}
