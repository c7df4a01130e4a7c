/**
 * Decryption into memory the reader lends: the caller writes the message's bytes in chunks and
 * gets the plaintext through a sink as views of the reader's own reused buffer, valid only until
 * the sink returns (the caller writes or copies them first). Each frame's plaintext reaches the
 * sink only after its tag verified; the buffer is zeroed when the message ends or fails. With the
 * native backend no frame allocates anything; with node:crypto the same calls work and allocate as
 * streams do (each plaintext zeroed once the sink returned). Frames run on the calling thread; with
 * `concurrency` > 1 a signed suite's hash may run on a worker, as in streams (body/placement.ts).
 */
import type { KeyAttempt } from './errors.js';
import type { KeyDescription, Keyring } from './materials.js';
import type { MaterialsManager } from './materials_manager.js';
import type { MessageHeader } from './header_types.js';
import type { DecryptOptions } from './options.js';
import type { LentSink } from './message_writer.js';
import { toMaterialsManager } from './managers/default_materials_manager.js';
import { lendingPlacementOf } from './body/placement.js';
import { processServices, streamOpeners } from './stream_body.js';
import { MessageDecoder } from './decoder.js';
import { publicHeader } from './format/header.js';
import { asBuffer } from './internal/bytes.js';

/** One message being read into memory the reader lends (see {@link messageReader}). */
export interface MessageReader {
  /** The header, once read and authenticated. */
  readonly header: MessageHeader | undefined;
  /** Once the header is read: the key that opened the message, if the keyring says. */
  readonly decryptedBy: KeyDescription | undefined;
  /** Once the header is read: the keys tried before it. */
  readonly attempts: readonly KeyAttempt[];
  /**
   * Feeds the next bytes; `sink` gets the plaintext of every frame they complete. A promise while
   * the header is opened (the keyring) or when the caller must wait before writing more; the
   * caller may reuse `chunk` once this returned, or once its promise settled.
   */
  write(chunk: Uint8Array, sink: LentSink): Promise<void> | undefined;
  /** The end of input: TruncatedMessageError unless the message is complete; then the signature's verdict. */
  end(sink: LentSink): Promise<void> | undefined;
  /** Wipes what it holds and lets go of a hash worker: call it once done, whichever way it ended. */
  close(): void;
}

const noSink: LentSink = () => {
  throw new Error('a lending reader handed out bytes outside a call');
};

/** A reader of one message (options as `decryptStream`'s; `signal` is not watched: the caller stops calling). */
export function messageReader(keyringOrManager: Keyring | MaterialsManager, options: DecryptOptions = {}): MessageReader {
  const openers = streamOpeners(lendingPlacementOf(options.concurrency, processServices.cores), processServices, true);
  const decoder = new MessageDecoder(toMaterialsManager(keyringOrManager), options, true, undefined, openers);
  let sink = noSink;
  const emit = (pt: Buffer): void => sink(pt);
  let header: MessageHeader | undefined;
  /** Runs `work` with `s` as the sink until it (or its promise) is done; closes the decoder on failure. */
  const lending = (s: LentSink, work: () => Promise<void> | undefined): Promise<void> | undefined => {
    const failed = (e: unknown): never => {
      sink = noSink;
      decoder.close();
      throw e;
    };
    sink = s;
    let r: Promise<void> | undefined;
    try {
      r = work();
    } catch (e) {
      return failed(e);
    }
    if (!r) {
      sink = noSink;
      return undefined;
    }
    return r.then(() => void (sink = noSink), failed);
  };
  return {
    get header() {
      if (!header && decoder.header) header = publicHeader(decoder.header);
      return header;
    },
    get decryptedBy() {
      return decoder.materials?.decryptedBy;
    },
    get attempts() {
      return decoder.materials?.attempts ?? [];
    },
    write: (chunk, s) => lending(s, () => decoder.write(asBuffer(chunk), emit)),
    end: (s) => lending(s, () => decoder.end(emit)),
    close: () => decoder.close(),
  };
}
