/**
 * DER encodings of the signed suites' EC keys (SEC 1, RFC 5915, RFC 5480), for backends that import
 * keys as DER (node:crypto) and for handing a verification key to a worker as bytes. Pure bytes:
 * no cryptography here.
 */
import { concatBytes } from '../internal/bytes.js';
import type { EcCurve } from './backend.js';

/** The DER encoding of each curve's OID (SEC 2). */
const CURVE_OID: Record<EcCurve, Uint8Array> = {
  'P-256': Uint8Array.of(0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07),
  'P-384': Uint8Array.of(0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22),
};

/** SPKI DER up to the compressed point of each curve (an EC public key, the curve, the bit string's head). */
const SPKI_PREFIX: Record<EcCurve, Uint8Array> = {
  'P-256': hex('3039301306072a8648ce3d020106082a8648ce3d030107032200'),
  'P-384': hex('3046301006072a8648ce3d020106052b81040022033200'),
};

/** Bytes of a coordinate (and of a scalar) of each curve. */
export const COORDINATE_LENGTH: Record<EcCurve, 32 | 48> = { 'P-256': 32, 'P-384': 48 };

function hex(s: string): Uint8Array {
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** A DER element: tag, length (short or one-byte long form: everything here is under 256 bytes), body. */
function der(tag: number, body: Uint8Array): Uint8Array {
  const head = body.length < 0x80 ? Uint8Array.of(tag, body.length) : Uint8Array.of(tag, 0x81, body.length);
  return concatBytes([head, body]);
}

/** SPKI DER of a compressed point (an importer decompresses it). */
export function spkiOfCompressedPoint(curve: EcCurve, point: Uint8Array): Uint8Array {
  return concatBytes([SPKI_PREFIX[curve], point]);
}

/**
 * RFC 5915 ECPrivateKey (SEC1 DER): version 1, the scalar at the curve's full length, the curve,
 * the uncompressed public point. Returns the DER; the caller wipes it (it holds the scalar), and
 * every intermediate holding the scalar is wiped here.
 */
export function sec1PrivateKey(curve: EcCurve, scalar: Uint8Array, uncompressedPoint: Uint8Array): Uint8Array {
  const padded = new Uint8Array(COORDINATE_LENGTH[curve]);
  padded.set(scalar, padded.length - scalar.length);
  const octets = der(0x04, padded);
  const body = concatBytes([Uint8Array.of(0x02, 0x01, 0x01), octets, der(0xa0, CURVE_OID[curve]), der(0xa1, der(0x03, concatBytes([Uint8Array.of(0), uncompressedPoint])))]);
  try {
    return der(0x30, body);
  } finally {
    padded.fill(0);
    octets.fill(0);
    body.fill(0);
  }
}
