/**
 * PKCS#1 v1.5 encryption padding (RFC 8017 § 7.2.2), checked without branching on secret bytes,
 * with implicit rejection: the caller gets `keyLength` bytes either way, the message when the
 * padding is valid and holds exactly that many, else the synthetic key it passed. No early exit,
 * no exception, no length that depends on the padding: what node:crypto's OpenSSL does where it
 * has implicit rejection, for runtimes where it refuses RSA_PKCS1_PADDING (the block comes from
 * RSA_NO_PADDING, so OpenSSL does the exponentiation, with its blinding).
 *
 *   EM = 0x00 ‖ 0x02 ‖ PS (≥ 8 non-zero bytes) ‖ 0x00 ‖ M
 */

/** 1 when the bytes (or small non-negative integers) are equal, else 0; no branch. */
const eq = (a: number, b: number): number => {
  const d = a ^ b;
  return ((d | -d) >>> 31) ^ 1;
};

/** 1 when a ≥ b (both below 2^30), else 0; no branch. */
const ge = (a: number, b: number): number => ((a - b) >>> 31) ^ 1;

/**
 * The `keyLength`-byte message of the decrypted block `em` (the modulus length, left-padded with
 * zeros) if its padding is valid and the message is that long, else `synthetic` (copied).
 */
export function depadPkcs1(em: Uint8Array, keyLength: number, synthetic: Uint8Array): Buffer {
  const k = em.length;
  let good = eq(em[0]!, 0) & eq(em[1]!, 2);
  let found = 0;
  let separator = 0;
  for (let i = 2; i < k; i++) {
    const zero = eq(em[i]!, 0);
    const first = zero & (found ^ 1);
    separator |= -first & i;
    found |= zero;
  }
  good &= found;
  good &= ge(separator, 10); // at least 8 bytes of PS
  good &= eq(k - separator - 1, keyLength);
  good &= ge(k, keyLength + 11);
  const mask = -good & 0xff;
  const out = Buffer.allocUnsafe(keyLength);
  const from = Math.max(0, k - keyLength);
  for (let i = 0; i < keyLength; i++) out[i] = ((em[from + i] ?? 0) & mask) | (synthetic[i]! & ~mask & 0xff);
  return out;
}
