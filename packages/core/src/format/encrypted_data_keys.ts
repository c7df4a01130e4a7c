/**
 * Encrypted data keys codec (AWS ESDK spec, data-format/message-header.md § encrypted data keys).
 *
 *   edk count          uint16   at least 1
 *   repeat edk count times:
 *     providerIdLen    uint16
 *     providerId       providerIdLen bytes   UTF-8
 *     providerInfoLen  uint16
 *     providerInfo     providerInfoLen bytes
 *     ciphertextLen    uint16
 *     ciphertext       ciphertextLen bytes
 */
import { LimitExceededError, MalformedMessageError, needs } from '../errors.js';
import type { EncryptedDataKey } from '../header_types.js';
import { copyBytes, decodeUtf8, get16, put16, utf8 } from '../internal/bytes.js';
import { section, want, type Read, type Source, type Steps } from '../internal/step_reader.js';

/** Limits a reader enforces as soon as the count is read, before anything is allocated. */
export interface EdkLimits {
  /** Refuse more EDKs than this (LimitExceededError). */
  readonly maxEncryptedDataKeys?: number | undefined;
}

/** Reads the edk count at b[o..]; throws if it is 0 or over the limit; undefined when short. */
export function readEdkCount(b: Uint8Array, o: number, limits: EdkLimits = {}): Read<number> {
  if (b.length < o + 2) return undefined;
  const count = get16(b, o);
  needs(count > 0, MalformedMessageError, 'header: no encrypted data keys');
  if (limits.maxEncryptedDataKeys !== undefined && count > limits.maxEncryptedDataKeys) {
    throw new LimitExceededError(`header: ${count} encrypted data keys, more than maxEncryptedDataKeys (${limits.maxEncryptedDataKeys})`);
  }
  return { value: count, end: o + 2 };
}

/** Reads one EDK at b[o..] (its fields copied out of `b`); undefined when `b` ends first. */
export function readEncryptedDataKey(b: Uint8Array, o: number): Read<EncryptedDataKey> {
  const fields: Uint8Array[] = [];
  for (let f = 0; f < 3; f++) {
    if (b.length < o + 2) return undefined;
    const end = o + 2 + get16(b, o);
    if (b.length < end) return undefined;
    fields.push(b.subarray(o + 2, end));
    o = end;
  }
  const providerId = decodeUtf8(fields[0]!);
  needs(providerId !== undefined, MalformedMessageError, 'header: encrypted data key provider id is not valid UTF-8');
  return { value: Object.freeze({ providerId, providerInfo: copyBytes(fields[1]!), ciphertext: copyBytes(fields[2]!) }), end: o };
}

/** Resumable reader of the whole EDK section at offset `o`: one EDK at a time, never re-read. */
export function* encryptedDataKeysSteps(src: Source, o: number, limits: EdkLimits = {}): Steps<{ value: readonly EncryptedDataKey[]; end: number }> {
  yield* want(src, o + 2);
  const count = readEdkCount(src.bytes, o, limits)!;
  const edks: EncryptedDataKey[] = [];
  o = count.end;
  for (let i = 0; i < count.value; i++) {
    const edk = yield* section(src, readEncryptedDataKey, o);
    edks.push(edk.value);
    o = edk.end;
  }
  return { value: Object.freeze(edks), end: o };
}

/** Writes the EDK section (count and keys); throws MalformedMessageError for counts or fields out of range. */
export function writeEncryptedDataKeys(edks: readonly EncryptedDataKey[]): Uint8Array {
  needs(edks.length > 0 && edks.length <= 0xffff, MalformedMessageError, 'header: encrypted data key count out of range');
  const fields = edks.map((e) => [utf8(e.providerId), e.providerInfo, e.ciphertext] as const);
  let size = 2;
  for (const e of fields) for (const f of e) {
    needs(f.length <= 0xffff, MalformedMessageError, 'header: an encrypted data key field is longer than 65535 bytes');
    size += 2 + f.length;
  }
  const out = new Uint8Array(size);
  let o = put16(out, 0, edks.length);
  for (const e of fields) for (const f of e) {
    o = put16(out, o, f.length);
    out.set(f, o);
    o += f.length;
  }
  return out;
}
