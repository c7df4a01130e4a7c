/** Small byte helpers shared by the codecs. */
export const utf8 = (s) => Buffer.from(s, 'utf8');
const decoder = new TextDecoder('utf-8', { fatal: true });
/** Strict UTF-8 decode: returns undefined on invalid bytes. */
export function decodeUtf8(b) {
    try {
        return decoder.decode(b);
    }
    catch {
        return undefined;
    }
}
/** A Buffer view of any Uint8Array, without copying. */
export function asBuffer(u) {
    return Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}
/**
 * A copy of `b` in a buffer of its own. Faster than `Buffer.from(b)`, which zero-fills the new
 * memory before copying over it (256 KiB: ~28 µs against ~65 µs on Node 20); every byte is written.
 */
export function copyOut(b) {
    const c = Buffer.allocUnsafeSlow(b.length);
    c.set(b);
    return c;
}
/**
 * Writes `v` (0 ≤ v < 2^32) big-endian at b[o..o+4) and returns o + 4: Buffer#writeUInt32BE with
 * its checks left out, for the per-frame fields (several times cheaper, and the callers' offsets
 * and values are in range by construction).
 */
export function put32(b, o, v) {
    b[o] = v >>> 24;
    b[o + 1] = v >>> 16;
    b[o + 2] = v >>> 8;
    b[o + 3] = v;
    return o + 4;
}
/** The big-endian 32-bit unsigned integer at `o` (unchecked: o + 4 ≤ b.length). */
export function get32(b, o) {
    return ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}
//# sourceMappingURL=bytes.js.map