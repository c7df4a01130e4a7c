/**
 * The encryption context as the raw AES keyring's wrapping AAD: the header's serialization
 * without its 2-byte length prefix (count, then key/value pairs sorted by UTF-8 bytes), and no
 * bytes at all for an empty context. Source: AWS ESDK specification, framework/raw-aes-keyring.md
 * and data-format/message-header.md (AAD).
 *
 *   count (uint16 BE) | { keyLen (uint16 BE) | key (UTF-8) | valueLen (uint16 BE) | value (UTF-8) } × count
 */
import { Buffer } from 'node:buffer';
import { EncryptionContextError, type EncryptionContext } from '@envelope/core';

const MAX_U16 = 0xffff;

/** Serializes `context` as the wrapping AAD. */
export function serializeContextForAad(context: EncryptionContext): Uint8Array {
  const pairs = Object.entries(context).map(([k, v]) => [Buffer.from(k, 'utf8'), Buffer.from(v, 'utf8')] as const);
  if (pairs.length === 0) return new Uint8Array(0);
  if (pairs.length > MAX_U16) throw new EncryptionContextError('encryption context has too many pairs');
  pairs.sort((a, b) => Buffer.compare(a[0], b[0]));
  const parts: Uint8Array[] = [u16(pairs.length)];
  for (const [k, v] of pairs) {
    if (k.length > MAX_U16 || v.length > MAX_U16) throw new EncryptionContextError('encryption context entry is too long');
    parts.push(u16(k.length), k, u16(v.length), v);
  }
  return Buffer.concat(parts);
}

function u16(n: number): Uint8Array {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n, 0);
  return b;
}
