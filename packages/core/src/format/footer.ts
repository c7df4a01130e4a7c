/**
 * Message footer of signed suites (AWS ESDK spec, data-format/message-footer.md).
 *
 *   signature length  2
 *   signature         signature length bytes   DER ECDSA signature over header and body
 */
import { SignatureError } from '../errors.js';
import type { AlgorithmSuite } from '../suites.js';
import type { Read } from '../internal/step_reader.js';
import { get16, put16 } from '../internal/bytes.js';

/**
 * Reads the footer at b[o..]: the signature (a view of `b`); undefined when `b` ends first.
 * A declared length over the suite's largest signature fails at once (SignatureError).
 */
export function readFooter(b: Uint8Array, o: number, suite: AlgorithmSuite): Read<Uint8Array> {
  if (b.length < o + 2) return undefined;
  const length = get16(b, o);
  if (length > (suite.signature?.maxSignatureLength ?? 0)) throw new SignatureError();
  const end = o + 2 + length;
  if (b.length < end) return undefined;
  return { value: b.subarray(o + 2, end), end };
}

/** Writes the footer at out[o..]; returns the offset after it. */
export function writeFooter(signature: Uint8Array, out: Uint8Array, o: number): number {
  o = put16(out, o, signature.length);
  out.set(signature, o);
  return o + signature.length;
}

/** The footer holding `signature`, in a buffer of its own. */
export function footerOf(signature: Uint8Array): Uint8Array {
  const out = new Uint8Array(2 + signature.length);
  writeFooter(signature, out, 0);
  return out;
}

/** Bytes of the largest footer of the suite (0 for unsigned suites). */
export function maxFooterLength(suite: AlgorithmSuite): number {
  return suite.signature ? 2 + suite.signature.maxSignatureLength : 0;
}
