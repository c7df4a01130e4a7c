/**
 * kms-local's ciphertext blobs: self-describing and sealed with AES-256-GCM under the key's
 * material, the encryption context bound as AAD.
 *
 *   magic        4  "EKL1"
 *   keyIdLen     1
 *   keyId        keyIdLen bytes (UTF-8; an mrk- id is the same in every replica region)
 *   version      1  key material version
 *   iv          12
 *   tag         16
 *   ciphertext  rest
 *
 * AAD: count (4) then, per pair sorted by key bytes, keyLen (4) key valueLen (4) value: length
 * prefixes make the encoding collision-free ({"a":"b","c":""} ≠ {"a":"bc"}).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { KmsError } from './kms_error.js';

const MAGIC = Buffer.from('EKL1');

export function contextAad(ec: Record<string, string> | undefined): Buffer {
  const pairs = Object.entries(ec ?? {}).map(([k, v]) => [Buffer.from(k, 'utf8'), Buffer.from(v, 'utf8')] as const);
  pairs.sort((a, b) => Buffer.compare(a[0], b[0]));
  const parts: Buffer[] = [u32(pairs.length)];
  for (const [k, v] of pairs) parts.push(u32(k.length), k, u32(v.length), v);
  return Buffer.concat(parts);
}

function u32(n: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(n, 0);
  return b;
}

export function seal(keyId: string, material: Buffer, plaintext: Buffer, ec: Record<string, string> | undefined): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', material, iv);
  c.setAAD(contextAad(ec));
  const ct = Buffer.concat([c.update(plaintext), c.final()]);
  const id = Buffer.from(keyId, 'utf8');
  return Buffer.concat([MAGIC, Buffer.from([id.length]), id, Buffer.from([1]), iv, c.getAuthTag(), ct]);
}

/** The key id a blob names, or an InvalidCiphertextException. */
export function blobKeyId(blob: Buffer): string {
  if (blob.length < 6 || !blob.subarray(0, 4).equals(MAGIC)) throw invalid();
  const n = blob[4]!;
  if (blob.length < 5 + n + 1 + 12 + 16) throw invalid();
  return blob.subarray(5, 5 + n).toString('utf8');
}

export function open(blob: Buffer, material: Buffer, ec: Record<string, string> | undefined): Buffer {
  const n = blob[4]!;
  let o = 5 + n;
  if (blob[o] !== 1) throw invalid();
  o += 1;
  const iv = blob.subarray(o, o + 12);
  const tag = blob.subarray(o + 12, o + 28);
  try {
    const d = createDecipheriv('aes-256-gcm', material, iv);
    d.setAAD(contextAad(ec));
    d.setAuthTag(tag);
    return Buffer.concat([d.update(blob.subarray(o + 28)), d.final()]);
  } catch {
    throw invalid();
  }
}

const invalid = (): KmsError => new KmsError('InvalidCiphertextException', 'The ciphertext is invalid or was not encrypted under this key with this encryption context.');
