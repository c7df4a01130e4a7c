/**
 * Small byte helpers shared by the codecs, on plain Uint8Arrays (no Node Buffer: the codecs run in
 * browsers too).
 */
const encoder = new TextEncoder();
/** The UTF-8 bytes of `s` (lone surrogates become U+FFFD, as Buffer.from does). */
export const utf8 = (s: string): Uint8Array => encoder.encode(s);

const decoder = new TextDecoder('utf-8', { fatal: true });
/** Strict UTF-8 decode: returns undefined on invalid bytes. */
export function decodeUtf8(b: Uint8Array): string | undefined {
  try {
    return decoder.decode(b);
  } catch {
    return undefined;
  }
}

/** Standard base64 of `b` (btoa: a global of browsers and Node alike). */
export function toBase64(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!);
  return btoa(s);
}

/** The bytes of standard base64 `text`; undefined when it is not base64. */
export function fromBase64(text: string): Uint8Array | undefined {
  let s: string;
  try {
    s = atob(text);
  } catch {
    return undefined;
  }
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/** Lowercase hex of `b`. */
export function toHex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += b[i]!.toString(16).padStart(2, '0');
  return s;
}

/** A Buffer view of any Uint8Array, without copying. */
export function asBuffer(u: Uint8Array): Buffer {
  return Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}

/**
 * A copy of `b` in a buffer of its own. Faster than `Buffer.from(b)`, which zero-fills the new
 * memory before copying over it; here every byte is written anyway.
 */
export function copyOut(b: Uint8Array): Buffer {
  const c = Buffer.allocUnsafeSlow(b.length);
  c.set(b);
  return c;
}

/**
 * Writes `v` (0 ≤ v < 2^32) big-endian at b[o..o+4) and returns o + 4: Buffer#writeUInt32BE with
 * its checks left out, for the per-frame fields (several times cheaper, and the callers' offsets
 * and values are in range by construction).
 */
export function put32(b: Uint8Array, o: number, v: number): number {
  b[o] = v >>> 24;
  b[o + 1] = v >>> 16;
  b[o + 2] = v >>> 8;
  b[o + 3] = v;
  return o + 4;
}

/** Writes `v` (0 ≤ v < 2^16) big-endian at b[o..o+2); returns o + 2. */
export function put16(b: Uint8Array, o: number, v: number): number {
  b[o] = v >>> 8;
  b[o + 1] = v;
  return o + 2;
}

/** The big-endian 16-bit unsigned integer at `o` (unchecked: o + 2 ≤ b.length). */
export function get16(b: Uint8Array, o: number): number {
  return (b[o]! << 8) | b[o + 1]!;
}

/** Byte-wise order of `a` and `b` (negative, 0, positive), as Buffer.compare. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** A copy of `b` in memory of its own (never a view, whatever `b`'s class). */
export function copyBytes(b: Uint8Array): Uint8Array {
  return new Uint8Array(b);
}

/** The big-endian 32-bit unsigned integer at `o` (unchecked: o + 4 ≤ b.length). */
export function get32(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

/** The parts one after another, in a new buffer (the one part itself when there is only one). */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
