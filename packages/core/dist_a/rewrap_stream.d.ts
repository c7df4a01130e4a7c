/**
 * Rewrap over streams, in memory bounded by one frame plus the header: the new header goes out as
 * soon as `to` has wrapped the data key, then each body part passes through once its tag verified
 * (signed suites hash it for the new footer on the way), and the new footer follows once the old
 * signature verified.
 */
import { Transform } from 'node:stream';
import { type RewrapOptions } from './rewrap.js';
/**
 * A Transform that rewraps one message (see {@link rewrap}). Emits `'header'` with the new
 * {@link MessageHeader} once `to` has wrapped the data key, then `'decryptedBy'` (the key of `from`
 * that opened it, and the keys tried before it).
 *
 * Body parts are written out as their tags verify, before the end of the message is known: a bad
 * frame, a truncated message or (signed suites) a bad old signature ends the stream with an error
 * after earlier bytes were written. **The consumer must discard the output unless the stream
 * finished without error** (write to a temporary file and rename it on success, as the CLI does).
 */
export declare function rewrapStream(options: RewrapOptions): Transform;
//# sourceMappingURL=rewrap_stream.d.ts.map