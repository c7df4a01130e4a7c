/**
 * Message footer of signed suites (AWS ESDK spec, data-format/message-footer.md).
 *
 *   signature length  2
 *   signature         signature length bytes   DER ECDSA signature over header and body
 */
import { SignatureError } from '../errors.js';
/**
 * Reads the footer at b[o..]: the signature (a view of `b`); undefined when `b` ends first.
 * A declared length over the suite's largest signature fails at once (SignatureError).
 */
export function readFooter(b, o, suite) {
    if (b.length < o + 2)
        return undefined;
    const length = b.readUInt16BE(o);
    if (length > (suite.signature?.maxSignatureLength ?? 0))
        throw new SignatureError();
    const end = o + 2 + length;
    if (b.length < end)
        return undefined;
    return { value: b.subarray(o + 2, end), end };
}
/** Writes the footer at out[o..]; returns the offset after it. */
export function writeFooter(signature, out, o) {
    o = out.writeUInt16BE(signature.length, o);
    out.set(signature, o);
    return o + signature.length;
}
/** Bytes of the largest footer of the suite (0 for unsigned suites). */
export function maxFooterLength(suite) {
    return suite.signature ? 2 + suite.signature.maxSignatureLength : 0;
}
//# sourceMappingURL=footer.js.map