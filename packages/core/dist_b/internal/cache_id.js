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
import { createHash } from 'node:crypto';
import { serializeEncryptionContext } from '../format/encryption_context.js';
import { utf8 } from './bytes.js';
const sha512 = (...parts) => {
    const h = createHash('sha512');
    for (const p of parts)
        h.update(p);
    return h.digest();
};
const suiteBytes = (id) => {
    const b = Buffer.alloc(2);
    b.writeUInt16BE(id, 0);
    return b;
};
const END_OF_KEYS = Buffer.alloc(64);
/** SHA-512 of the partition's UTF-8 bytes: computed once per manager. */
export function partitionDigest(partition) {
    return sha512(utf8(partition));
}
/** The entry id of an encryption request (hex). */
export function encryptionCacheId(partition, suiteId, context) {
    const ec = sha512(serializeEncryptionContext(context));
    const id = suiteId === undefined ? sha512(partition, Buffer.of(0), ec) : sha512(partition, Buffer.of(1), suiteBytes(suiteId), ec);
    return id.toString('hex');
}
function serializeEdk(e) {
    const fields = [utf8(e.providerId), e.providerInfo, e.ciphertext];
    const out = Buffer.alloc(fields.reduce((n, f) => n + 2 + f.length, 0));
    let o = 0;
    for (const f of fields) {
        o = out.writeUInt16BE(f.length, o);
        out.set(f, o);
        o += f.length;
    }
    return out;
}
/** The entry id of a decryption request (hex): the message's suite, EDKs (in any order) and context. */
export function decryptionCacheId(partition, suiteId, edks, context) {
    const keys = edks.map((e) => sha512(serializeEdk(e))).sort(Buffer.compare);
    return sha512(partition, suiteBytes(suiteId), ...keys, END_OF_KEYS, sha512(serializeEncryptionContext(context))).toString('hex');
}
//# sourceMappingURL=cache_id.js.map