/** The body of an encrypting stream sealed on the calling thread (frame_encoders.ts); its hash here or on a worker. */
import type { StartedMessage } from '../../encryptor.js';
import type { EncryptOptions } from '../../options.js';
import type { BodySealer, Push, SigningHash } from '../seams.js';
import { frameEncoder } from './frame_encoders.js';

/**
 * `lend`: `out` gets views of buffers the sealer reuses, which live until `out` returns (a writer
 * that lends its output); otherwise each part is a buffer of its own.
 */
export function hereSealer(m: StartedMessage, options: EncryptOptions, hash: SigningHash | undefined, out: Push, lend = false): BodySealer {
  const encoder = frameEncoder(m, options, lend);
  const push: Push = hash
    ? (b) => {
        hash.update(b);
        out(b);
      }
    : out;
  return {
    write(chunk) {
      encoder.write(chunk, push);
      return hash?.room();
    },
    end() {
      encoder.end(push);
      return hash?.sign();
    },
    close() {
      encoder.wipe?.();
      hash?.close();
    },
  };
}
