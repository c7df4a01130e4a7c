/** The body of an encrypting stream sealed on the calling thread (frame_encoders.ts); its hash here or on a worker. */
import type { StartedMessage } from '../../encryptor.js';
import type { EncryptOptions } from '../../options.js';
import type { BodySealer, Push, SigningHash } from '../seams.js';
import { frameEncoder } from './frame_encoders.js';

export function hereSealer(m: StartedMessage, options: EncryptOptions, hash: SigningHash | undefined, out: Push): BodySealer {
  const encoder = frameEncoder(m, options);
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
    close: () => hash?.close(),
  };
}
