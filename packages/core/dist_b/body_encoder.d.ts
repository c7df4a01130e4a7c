import { type StartedMessage } from './encryptor.js';
import { type EncryptOptions } from './options.js';
/** Where body bytes go (the Transform's push, after the signer saw them). */
export type Push = (bytes: Buffer) => void;
/** Turns plaintext chunks into body parts. */
export interface BodyEncoder {
    /** Takes one chunk; writes every part that is complete and known not to be the last. */
    write(chunk: Buffer, push: Push): void;
    /** Writes what is left as the last part (the final frame, or the non-framed body). */
    end(push: Push): void;
}
/** The body writer for a started message. */
export declare function bodyEncoder(m: StartedMessage, options: EncryptOptions): BodyEncoder;
//# sourceMappingURL=body_encoder.d.ts.map