/**
 * Streaming encryption and decryption as node:stream Transforms, in memory bounded by one frame
 * plus the header whatever the input size, with backpressure from the consumer.
 */
import { Transform } from 'node:stream';
import type { Keyring } from './materials.js';
import { type MaterialsManager } from './materials_manager.js';
import type { DecryptOptions, EncryptOptions } from './options.js';
/**
 * A Transform that encrypts what is written to it into one message. The header is written once the
 * keyring answered; each full frame is written as soon as the bytes after it arrive (the last
 * frame is the final frame). Non-framed messages (`frameLength: 0`) are buffered up to
 * `maxBodySize` because their header states the length.
 */
export declare function encryptStream(keyringOrManager: Keyring | MaterialsManager, options?: EncryptOptions): Transform;
/**
 * A Transform that decrypts one message. Emits `'header'` (the {@link MessageHeader}) once the
 * header is read and authenticated, then `'decryptedBy'` (the KeyDescription of the key that opened
 * it, if the keyring says, and the list of keys tried before it). Each frame's plaintext is written only after that frame's tag
 * verified; a tampered frame ends the stream with an error and none of its bytes.
 *
 * With signed suites the footer signature is checked at the end: if it fails, the stream ends with
 * a SignatureError after earlier frames were already written. Do not act on the output until the
 * stream has finished without error (write to a temporary file and rename it on success).
 */
export declare function decryptStream(keyringOrManager: Keyring | MaterialsManager, options?: DecryptOptions): Transform;
//# sourceMappingURL=streams.d.ts.map