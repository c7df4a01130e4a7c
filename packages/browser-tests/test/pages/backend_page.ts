/** The WebCrypto backend on its own, imported from core's source as the `browser` build will reach it. */
import { backend } from '../../../core/src/crypto/web/index.js';
import type { EcCurve, HashName } from '../../../core/src/crypto/backend.js';
import { expose } from './page_bytes.js';

expose({
  name: () => backend.name,
  random: (n: number) => backend.randomBytes(n),
  hash: (name: HashName, pieces: Uint8Array[]) => {
    const h = backend.hash(name);
    for (const p of pieces) h.update(p);
    return h.digest();
  },
  hmac: (name: HashName, key: Uint8Array, data: Uint8Array[]) => backend.hmac(name, key, data),
  hkdf: (name: HashName, ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, n: number) => backend.hkdf(name, ikm, salt, info, n),
  seal: async (raw: Uint8Array, iv: Uint8Array, aad: Uint8Array, pt: Uint8Array) => {
    const k = await backend.importAesKey(raw);
    const s = await backend.seal(k, iv, aad, pt, 16);
    return { ciphertext: s.ciphertext, tag: s.tag };
  },
  open: async (raw: Uint8Array, iv: Uint8Array, aad: Uint8Array, ct: Uint8Array, tag: Uint8Array) => {
    const k = await backend.importAesKey(raw);
    try {
      return await backend.open(k, iv, aad, ct, tag);
    } catch (e) {
      return `error: ${(e as Error).message}`;
    }
  },
  sealPieces: async (raw: Uint8Array, iv: Uint8Array, aad: Uint8Array, pieces: Uint8Array[]) => {
    const k = await backend.importAesKey(raw);
    const s = backend.sealing(k, iv, aad, 16);
    iv.fill(0); // core rewrites its IV and AAD buffers for the next frame: the sealing kept its own
    aad.fill(0);
    const out: Uint8Array[] = [];
    for (const p of pieces) {
      const c = s.update(p);
      if (c) out.push(c);
    }
    const f = await s.final();
    return { ciphertext: [...out, ...f.ciphertext], tag: f.tag };
  },
  openPieces: async (raw: Uint8Array, iv: Uint8Array, aad: Uint8Array, pieces: Uint8Array[], tag: Uint8Array) => {
    const k = await backend.importAesKey(raw);
    const o = backend.opening(k, iv, aad, 16);
    iv.fill(0);
    aad.fill(0);
    for (const p of pieces) o.update(p);
    try {
      return [...(await o.final(tag))];
    } catch (e) {
      return `error: ${(e as Error).message}`;
    }
  },
  /** A batch of `frames` laid out back to back, sealed in place, then opened in place with one byte of frame `flip` flipped. */
  batch: async (raw: Uint8Array, frames: Uint8Array[], flip: number) => {
    const k = await backend.importAesKey(raw);
    const count = frames.length;
    const ivs = backend.randomBytes(12 * count);
    const aad = new TextEncoder().encode('aad');
    const lengths = Uint32Array.from(frames.map((f) => f.length));
    const starts = new Uint32Array(count);
    let total = 0;
    frames.forEach((f, i) => {
      starts[i] = total;
      total += f.length + 16;
    });
    const buf = new Uint8Array(total);
    frames.forEach((f, i) => buf.set(f, starts[i]!));
    const b = { count, ivLength: 12, tagLength: 16, ivs, aad, aadStarts: new Uint32Array(count), aadLengths: new Uint32Array(count).fill(3), input: buf, inputStarts: starts, lengths, output: buf, outputStarts: starts };
    await backend.sealBatch(k, b);
    const sealed = Uint8Array.from(buf);
    if (flip >= 0) buf[starts[flip]!] ^= 1;
    const opened = await backend.openBatch(k, b);
    return { ivs, sealed, opened, after: Uint8Array.from(buf) };
  },
  sign: async (curve: EcCurve, hash: HashName, pieces: Uint8Array[]) => {
    const { key, compressedPublicKey } = await backend.generateSigningKey(curve);
    const s = backend.signer(key, hash);
    for (const p of pieces) s.update(p);
    const signature = await s.sign();
    const pkcs8 = await backend.exportSigningKey(key);
    key.destroy();
    return { compressedPublicKey, signature, pkcs8 };
  },
  verify: async (curve: EcCurve, hash: HashName, point: Uint8Array, pieces: Uint8Array[], signature: Uint8Array) => {
    let key;
    try {
      key = await backend.importVerificationKey(curve, point);
    } catch (e) {
      return `error: ${(e as Error).message}`;
    }
    const v = backend.verifier(key, hash);
    for (const p of pieces) v.update(p);
    return v.verify(signature);
  },
  signWithImported: async (curve: EcCurve, pkcs8: Uint8Array, data: Uint8Array) => {
    const key = await backend.importSigningKey(curve, pkcs8);
    const s = backend.signer(key, curve === 'P-256' ? 'sha256' : 'sha384');
    s.update(data);
    return s.sign();
  },
  equal: (a: Uint8Array, b: Uint8Array) => backend.equalConstantTime(a, b),
});
