// What an attacker holding two versions of a message does with their header tags (AES-GCM, the
// same key and the fixed zero IV of v2 headers): T1 ^ T2 = GHASH_H(A1) ^ GHASH_H(A2), a polynomial
// in the GHASH key H with known coefficients; its roots in GF(2^128) are the candidates for H.
// With H and one tag, E_K(J0) = T ^ GHASH_H(A) follows, and any header (same key, same IV) can be
// re-tagged; frames too, per IV, from their own tags. Small and slow on purpose: BigInt arithmetic.
import { randomBytes } from 'node:crypto';

/** An element of GF(2^128), GCM's field, as a polynomial over GF(2): bit i is the coefficient of x^i. */
export type Gf = bigint;

const MASK = (1n << 128n) - 1n;
const REDUCE = 0x87n; // x^128 = x^7 + x^2 + x + 1

const REV8 = Array.from({ length: 256 }, (_, b) => {
  let r = 0;
  for (let i = 0; i < 8; i++) if (b & (1 << i)) r |= 0x80 >> i;
  return r;
});

/** A 16-byte block as a field element (GCM: the first bit of the block is the coefficient of x^0). */
export function fromBlock(b: Uint8Array): Gf {
  let v = 0n;
  for (let i = 15; i >= 0; i--) v = (v << 8n) | BigInt(REV8[b[i] ?? 0]!);
  return v;
}

/** A field element as a 16-byte block. */
export function toBlock(v: Gf): Buffer {
  const b = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) b[i] = REV8[Number((v >> BigInt(8 * i)) & 0xffn)]!;
  return b;
}

export function gmul(a: Gf, b: Gf): Gf {
  let r = 0n;
  while (b) {
    if (b & 1n) r ^= a;
    b >>= 1n;
    a <<= 1n;
    if (a >> 128n) a = (a & MASK) ^ REDUCE;
  }
  return r;
}

export function ginv(a: Gf): Gf {
  // a^(2^128 - 2)
  let r = 1n;
  let p = a;
  for (let i = 1; i < 128; i++) {
    p = gmul(p, p);
    r = gmul(r, p);
  }
  return r;
}

/** GHASH input blocks of AAD `a` and ciphertext `c` (each zero-padded), then the length block. */
export function ghashBlocks(a: Uint8Array, c: Uint8Array = new Uint8Array(0)): Gf[] {
  const out: Gf[] = [];
  for (const d of [a, c]) for (let o = 0; o < d.length; o += 16) out.push(fromBlock(Buffer.concat([d.subarray(o, o + 16), Buffer.alloc(16)]).subarray(0, 16)));
  const len = Buffer.alloc(16);
  len.writeBigUInt64BE(BigInt(a.length) * 8n, 0);
  len.writeBigUInt64BE(BigInt(c.length) * 8n, 8);
  out.push(fromBlock(len));
  return out;
}

/** GHASH_H(a, c). */
export function ghash(h: Gf, a: Uint8Array, c?: Uint8Array): Gf {
  let y = 0n;
  for (const x of ghashBlocks(a, c)) y = gmul(y ^ x, h);
  return y;
}

// Polynomials over GF(2^128): coefficient arrays, lowest degree first, no trailing zeros.
type Poly = Gf[];

const trim = (p: Poly): Poly => {
  let n = p.length;
  while (n > 0 && p[n - 1] === 0n) n--;
  return p.slice(0, n);
};

function monic(p: Poly): Poly {
  const inv = ginv(p[p.length - 1]!);
  return p.map((c) => gmul(c, inv));
}

/** Quotient and remainder of a by b (b non-zero). */
function divmod(a: Poly, b: Poly): { q: Poly; r: Poly } {
  const r = [...a];
  const db = b.length - 1;
  const inv = ginv(b[db]!);
  const q: Poly = new Array<Gf>(Math.max(0, a.length - db)).fill(0n);
  for (let i = r.length - 1; i >= db; i--) {
    if (r[i] === 0n) continue;
    const f = gmul(r[i]!, inv);
    q[i - db] = f;
    for (let j = 0; j <= db; j++) r[i - db + j]! ^= gmul(f, b[j]!);
  }
  return { q: trim(q), r: trim(r.slice(0, db)) };
}

function mulmod(a: Poly, b: Poly, m: Poly): Poly {
  const out: Poly = new Array<Gf>(Math.max(0, a.length + b.length - 1)).fill(0n);
  for (let i = 0; i < a.length; i++) {
    if (a[i] === 0n) continue;
    for (let j = 0; j < b.length; j++) out[i + j]! ^= gmul(a[i]!, b[j]!);
  }
  return divmod(trim(out), m).r;
}

/** p^2 mod m: squaring is the Frobenius map on coefficients in characteristic 2. */
function sqrmod(p: Poly, m: Poly): Poly {
  const out: Poly = new Array<Gf>(Math.max(0, 2 * p.length - 1)).fill(0n);
  for (let i = 0; i < p.length; i++) out[2 * i] = gmul(p[i]!, p[i]!);
  return divmod(trim(out), m).r;
}

function gcd(a: Poly, b: Poly): Poly {
  a = trim(a);
  b = trim(b);
  while (b.length > 0) [a, b] = [b, divmod(a, b).r];
  return a.length ? monic(a) : a;
}

const add = (a: Poly, b: Poly): Poly => trim(Array.from({ length: Math.max(a.length, b.length) }, (_, i) => (a[i] ?? 0n) ^ (b[i] ?? 0n)));

/** Every root in GF(2^128) of p (distinct-degree then Cantor–Zassenhaus equal-degree splitting). */
export function roots(p: Poly): Gf[] {
  p = trim(p);
  if (p.length <= 1) return [];
  const m = monic(p);
  // x^(2^128) mod m; gcd(m, x^(2^128) - x) is the product of the distinct linear factors of m.
  let xq: Poly = divmod([0n, 1n], m).r;
  for (let i = 0; i < 128; i++) xq = sqrmod(xq, m);
  return split(gcd(m, add(xq, [0n, 1n])));
}

function split(g: Poly): Gf[] {
  if (g.length <= 1) return [];
  if (g.length === 2) return [g[0]!]; // x + c, monic: the root is c (characteristic 2)
  for (;;) {
    // Tr(d·x) mod g = sum (d·x)^(2^i), i < 128: takes values in GF(2), so it splits g's roots in two.
    const d = fromBlock(randomBytes(16));
    let t: Poly = divmod([0n, d], g).r;
    let acc = t;
    for (let i = 1; i < 128; i++) {
      t = sqrmod(t, g);
      acc = add(acc, t);
    }
    const h = gcd(g, acc);
    if (h.length > 1 && h.length < g.length) return [...split(h), ...split(divmod(g, h).q)];
  }
}

/**
 * The candidates for H from two GCM tags under one key and one IV over empty plaintexts with AADs
 * `a1`, `a2` (two v2 headers, tag last): the roots of GHASH_H(a1) ^ GHASH_H(a2) ^ t1 ^ t2.
 */
export function candidateHashKeys(a1: Uint8Array, t1: Uint8Array, a2: Uint8Array, t2: Uint8Array): Gf[] {
  // Block i of n is multiplied by H^(n - i): coefficient of x^k is block n - k.
  const poly = (blocks: Gf[]): Poly => [0n, ...blocks.map((_, k) => blocks[blocks.length - 1 - k]!)];
  const p1 = poly(ghashBlocks(a1));
  const p2 = poly(ghashBlocks(a2));
  const p = add(p1, p2);
  const c = [fromBlock(t1) ^ fromBlock(t2)];
  return roots(add(p, c));
}

/** The tag GCM gives (a, c) under the key and IV whose E_K(J0) is `ek` and GHASH key is `h`. */
export function tagWith(h: Gf, ek: Gf, a: Uint8Array, c?: Uint8Array): Buffer {
  return toBlock(ghash(h, a, c) ^ ek);
}

/** E_K(J0) of a tag `t` over (a, c), given H: what lets a tag be recomputed for other bytes. */
export function maskOf(h: Gf, t: Uint8Array, a: Uint8Array, c?: Uint8Array): Gf {
  return fromBlock(t) ^ ghash(h, a, c);
}
