/**
 * Cache entry identifiers of the caching materials manager, by the formulas of the AWS ESDK
 * specification (framework/caching-cmm.md, appendix A). Every part that decides which data key
 * fits a request is hashed in, so two requests share an entry only if they may share a key.
 *
 *   encrypt, no suite named:  SHA512( SHA512(partition) ‖ 0x00 ‖ SHA512(context) )
 *   encrypt, suite named:     SHA512( SHA512(partition) ‖ 0x01 ‖ suite id (2) ‖ SHA512(context) )
 *   decrypt:                  SHA512( SHA512(partition) ‖ suite id (2) ‖ sorted SHA512(edk)… ‖ 64 × 0x00 ‖ SHA512(context) )
 *
 * context is the serialized encryption context; edk the serialized EDK entry of the header
 * (providerIdLen 2, providerId, providerInfoLen 2, providerInfo, ciphertextLen 2, ciphertext).
 */
import { backend } from '#crypto-backend';
import type { EncryptedDataKey, EncryptionContext } from '../materials.js';
import { serializeEncryptionContext } from '../format/encryption_context.js';
import { compareBytes, put16, toHex, utf8 } from '../internal/bytes.js';

const sha512 = (...parts: readonly Uint8Array[]): Uint8Array => {
  const h = backend.hash('sha512');
  for (const p of parts) h.update(p);
  return h.digest();
};

const suiteBytes = (id: number): Uint8Array => {
  const b = new Uint8Array(2);
  put16(b, 0, id);
  return b;
};

const END_OF_KEYS = new Uint8Array(64);

/** SHA-512 of the partition's UTF-8 bytes: computed once per manager. */
export function partitionDigest(partition: string): Uint8Array {
  return sha512(utf8(partition));
}

/** The entry id of an encryption request (hex). */
export function encryptionCacheId(partition: Uint8Array, suiteId: number | undefined, context: EncryptionContext): string {
  const ec = sha512(serializeEncryptionContext(context));
  const id = suiteId === undefined ? sha512(partition, Uint8Array.of(0), ec) : sha512(partition, Uint8Array.of(1), suiteBytes(suiteId), ec);
  return toHex(id);
}

function serializeEdk(e: EncryptedDataKey): Uint8Array {
  const fields = [utf8(e.providerId), e.providerInfo, e.ciphertext];
  const out = new Uint8Array(fields.reduce((n, f) => n + 2 + f.length, 0));
  let o = 0;
  for (const f of fields) {
    o = put16(out, o, f.length);
    out.set(f, o);
    o += f.length;
  }
  return out;
}

/** The entry id of a decryption request (hex): the message's suite, EDKs (in any order) and context. */
export function decryptionCacheId(partition: Uint8Array, suiteId: number, edks: readonly EncryptedDataKey[], context: EncryptionContext): string {
  const keys = edks.map((e) => sha512(serializeEdk(e))).sort(compareBytes);
  return toHex(sha512(partition, suiteBytes(suiteId), ...keys, END_OF_KEYS, sha512(serializeEncryptionContext(context))));
}
