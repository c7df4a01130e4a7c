/**
 * PKCS#8 (RFC 5208) around an RFC 5915 ECPrivateKey, for the interface's key export and import
 * (how a signing key crosses to a worker). Only what those keys hold: DER lengths in the short or
 * one-byte long form; the optional parameters and public key of the ECPrivateKey are skipped.
 */
import type { EcCurve } from '../backend.js';

/** The AlgorithmIdentifier (id-ecPublicKey, the curve's OID) of each curve, DER. */
const ALGORITHM: Record<EcCurve, readonly number[]> = {
  'P-256': [0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07],
  'P-384': [0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22],
};

const SCALAR_LENGTH: Record<EcCurve, number> = { 'P-256': 32, 'P-384': 48 };

function der(tag: number, body: readonly number[] | Uint8Array): number[] {
  const n = body.length;
  const head = n < 0x80 ? [tag, n] : [tag, 0x81, n];
  return [...head, ...body];
}

/** The scalar's PKCS#8 DER; the caller wipes it. */
export function pkcs8OfScalar(curve: EcCurve, scalar: Uint8Array): Uint8Array {
  const ecPrivateKey = der(0x30, [0x02, 0x01, 0x01, ...der(0x04, scalar)]);
  const bytes = Uint8Array.from(der(0x30, [0x02, 0x01, 0x00, ...ALGORITHM[curve], ...der(0x04, ecPrivateKey)]));
  ecPrivateKey.fill(0);
  return bytes;
}

/** A DER element at `o`: its tag, where its body starts and ends. */
function element(b: Uint8Array, o: number): { tag: number; start: number; end: number } {
  const tag = b[o];
  let n = b[o + 1];
  let start = o + 2;
  if (n === 0x81) {
    n = b[o + 2];
    start = o + 3;
  } else if (n === 0x82) {
    n = (b[o + 2]! << 8) | b[o + 3]!;
    start = o + 4;
  }
  if (tag === undefined || n === undefined || n >= 0x80 && start === o + 2 || start + n > b.length) throw new Error('PKCS#8: malformed DER');
  return { tag, start, end: start + n };
}

function expect(b: Uint8Array, o: number, tag: number): { start: number; end: number } {
  const e = element(b, o);
  if (e.tag !== tag) throw new Error('PKCS#8: not an EC private key');
  return e;
}

/** The scalar (at the curve's length) of a PKCS#8 EC key of `curve`; throws for anything else. */
export function scalarOfPkcs8(curve: EcCurve, pkcs8: Uint8Array): Uint8Array {
  const info = expect(pkcs8, 0, 0x30);
  const version = expect(pkcs8, info.start, 0x02);
  const alg = expect(pkcs8, version.end, 0x30);
  const want = ALGORITHM[curve];
  const got = pkcs8.subarray(version.end, alg.end);
  if (got.length !== want.length || got.some((x, i) => x !== want[i])) throw new Error(`PKCS#8: not a ${curve} key`);
  const octets = expect(pkcs8, alg.end, 0x04);
  const ec = expect(pkcs8, octets.start, 0x30);
  const ecVersion = expect(pkcs8, ec.start, 0x02);
  const d = expect(pkcs8, ecVersion.end, 0x04);
  const n = SCALAR_LENGTH[curve];
  const raw = pkcs8.subarray(d.start, d.end);
  if (raw.length > n) throw new Error('PKCS#8: the private key is longer than the curve allows');
  const scalar = new Uint8Array(n);
  scalar.set(raw, n - raw.length);
  return scalar;
}
