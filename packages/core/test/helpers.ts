// A plain-object keyring with a fixed key, as outside callers write them (no other package).
import { randomBytes } from 'node:crypto';
import { Writable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DecryptionMaterials, EncryptedDataKey, EncryptionMaterials, Keyring } from '@envelope/core';

export function fixedKeyring(id = 'test', seed = 1): Keyring & { returned: Uint8Array[] } {
  const returned: Uint8Array[] = [];
  const key = (len: number): Uint8Array => {
    const k = new Uint8Array(len).fill(seed);
    returned.push(k);
    return k;
  };
  const edk: EncryptedDataKey = { providerId: id, providerInfo: new Uint8Array([seed]), ciphertext: new Uint8Array([1, 2, 3]) };
  return {
    returned,
    async onEncrypt(m: EncryptionMaterials) {
      return { ...m, plaintextDataKey: key(m.suite.keyLength), encryptedDataKeys: [...m.encryptedDataKeys, edk] };
    },
    async onDecrypt(m: DecryptionMaterials, edks: readonly EncryptedDataKey[]) {
      return edks.some((e) => e.providerId === id && e.providerInfo[0] === seed) ? { ...m, plaintextDataKey: key(m.suite.keyLength) } : m;
    },
  };
}

export const random = (n: number): Buffer => randomBytes(n);

/** Policy that lets a suite be written and read. */
export const policyFor = (suiteId: number) => (suiteId >= 0x0478 ? 'require-encrypt-require-decrypt' : 'forbid-encrypt-allow-decrypt') as const;
export const readPolicy = 'require-encrypt-allow-decrypt' as const;

/** Cuts `b` into chunks of random sizes from 1 byte to `max`. */
export function randomChunks(b: Buffer, max: number): Buffer[] {
  const out: Buffer[] = [];
  for (let o = 0; o < b.length; ) {
    const n = 1 + Math.floor(Math.random() * max);
    out.push(b.subarray(o, o + n));
    o += n;
  }
  return out;
}

/**
 * Writes `chunks` through `t`, each after the previous write's callback, collecting the output (and
 * the stream's error, if any). With `reuse`, every chunk is written from one buffer that is
 * scribbled over once its write is done (a producer that recycles its buffer: the stream must have
 * copied what it keeps).
 */
export async function streamed(chunks: readonly Buffer[], t: Transform, { reuse = false } = {}): Promise<{ out: Buffer; error: unknown }> {
  const pieces: Buffer[] = [];
  const reused = reuse ? Buffer.alloc(Math.max(1, ...chunks.map((c) => c.length))) : undefined;
  const done = pipeline(t, new Writable({ write(c: Buffer, _e, cb) { pieces.push(Buffer.from(c)); cb(); } }));
  let error: unknown;
  try {
    for (const c of chunks) {
      const chunk = reused ? reused.subarray(0, c.copy(reused)) : c;
      await new Promise<void>((res, rej) => t.write(chunk, (e) => (e ? rej(e) : res())));
      reused?.fill(0xee);
    }
    t.end();
    await done;
  } catch (err) {
    error = err;
    await done.catch(() => {});
  }
  return { out: Buffer.concat(pieces), error };
}
