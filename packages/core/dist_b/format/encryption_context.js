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
import { decodeUtf8, utf8 } from '../internal/bytes.js';
/** Reserved key prefix: only the SDK itself may write such keys. */
export const RESERVED_PREFIX = 'aws-crypto-';
/** Key of the signing public key in the encryption context of signed suites. */
export const PUBLIC_KEY_CONTEXT_KEY = 'aws-crypto-public-key';
/** Serializes an encryption context; empty context → empty bytes. */
export function serializeEncryptionContext(ec) {
    const keys = Object.keys(ec);
    if (keys.length === 0)
        return Buffer.alloc(0);
    const pairs = keys.map((k) => [utf8(k), utf8(ec[k])]);
    pairs.sort((a, b) => Buffer.compare(a[0], b[0]));
    let size = 2;
    for (let i = 1; i < pairs.length; i++) {
        // Distinct strings can encode to the same bytes (lone surrogates become U+FFFD): no reader would accept it.
        if (pairs[i - 1][0].equals(pairs[i][0]))
            throw new EncryptionContextError('encryption context: two keys have the same UTF-8 encoding');
    }
    for (const [k, v] of pairs) {
        if (k.length > 0xffff || v.length > 0xffff)
            throw new EncryptionContextError('encryption context: a key or value is longer than 65535 bytes');
        size += 4 + k.length + v.length;
    }
    if (pairs.length > 0xffff || size > 0xffff)
        throw new EncryptionContextError('encryption context: serialized form is longer than 65535 bytes');
    const out = Buffer.allocUnsafe(size);
    let o = out.writeUInt16BE(pairs.length, 0);
    for (const [k, v] of pairs) {
        o = out.writeUInt16BE(k.length, o);
        o += k.copy(out, o);
        o = out.writeUInt16BE(v.length, o);
        o += v.copy(out, o);
    }
    return out;
}
/** Parses serialized context bytes (the whole field); throws MalformedMessageError on any defect. */
export function parseEncryptionContext(b) {
    if (b.length === 0)
        return Object.freeze({});
    const bad = (why) => {
        throw new MalformedMessageError(`header: encryption context ${why}`);
    };
    if (b.length < 2)
        bad('is cut short');
    const count = b.readUInt16BE(0);
    if (count === 0)
        bad('declares zero pairs in a non-empty field');
    const entries = [];
    const seen = new Set();
    let o = 2;
    const field = () => {
        if (o + 2 > b.length)
            bad('is cut short');
        const len = b.readUInt16BE(o);
        o += 2;
        if (o + len > b.length)
            bad('is cut short');
        const s = decodeUtf8(b.subarray(o, o + len));
        if (s === undefined)
            bad('is not valid UTF-8');
        o += len;
        return s;
    };
    for (let i = 0; i < count; i++) {
        const k = field();
        const v = field();
        if (seen.has(k))
            bad('has a duplicate key');
        seen.add(k);
        entries.push([k, v]);
    }
    if (o !== b.length)
        bad('has trailing bytes');
    return Object.freeze(Object.fromEntries(entries));
}
/**
 * Reads the header's length-prefixed context field at b[o..]: the context and the offset after
 * it, or undefined when `b` ends first. A defective context throws MalformedMessageError.
 */
export function readEncryptionContextField(b, o) {
    if (b.length < o + 2)
        return undefined;
    const end = o + 2 + b.readUInt16BE(o);
    if (b.length < end)
        return undefined;
    const bytes = b.subarray(o + 2, end);
    return { value: { context: parseEncryptionContext(bytes), bytes }, end };
}
/** Writes the length-prefixed context field (the inverse of {@link readEncryptionContextField}). */
export function writeEncryptionContextField(ec) {
    const body = serializeEncryptionContext(ec);
    const out = Buffer.allocUnsafe(2 + body.length);
    out.writeUInt16BE(body.length, 0);
    body.copy(out, 2);
    return out;
}
//# sourceMappingURL=encryption_context.js.map