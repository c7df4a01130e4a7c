/**
 * A message written in a browser, part by part: the header once the keyring answered, then body
 * parts sealed by the crypto backend (WebCrypto: many at once, off the main thread), then the
 * footer. Shared by the browser's `encrypt` and `encryptStream`; the layout is the codecs'.
 */
import { bodyOverhead, type BodyKind } from '../format/frame_head.js';
import { footerOf } from '../format/footer.js';
import { startMessage, writePart, type StartedMessage } from '../encryptor.js';
import type { Keyring } from '../materials.js';
import type { MaterialsManager } from '../materials_manager.js';
import type { EncryptOptions } from '../options.js';
import { InOrder } from './in_order.js';
import type { ByteChunks } from './byte_chunks.js';

/** Plaintext bytes sealed in one batch: enough to keep WebCrypto busy, few enough to bound memory. */
export const BATCH_BYTES = 256 * 1024;
/** At most this many frames a batch (small frames cost a WebCrypto call each). */
const MAX_FRAMES_A_BATCH = 256;
/** Batches in flight while earlier ones are hashed and handed on. */
export const BATCHES_IN_FLIGHT = 8;

/** How many frames of `frameLength` bytes make a batch. */
export function framesPerBatch(frameLength: number): number {
  return Math.max(1, Math.min(MAX_FRAMES_A_BATCH, Math.floor(BATCH_BYTES / Math.max(1, frameLength))));
}

export class MessageSealer {
  private seq = 1;
  /** Batches sealing, handed to the signer and the output in order. */
  readonly flight = new InOrder(BATCHES_IN_FLIGHT);

  private constructor(readonly m: StartedMessage) {}

  /** Gets materials, derives the keys and writes the header. */
  static async start(keyringOrManager: Keyring | MaterialsManager, options: EncryptOptions, plaintextLength: number | undefined): Promise<MessageSealer> {
    return new MessageSealer(await startMessage(keyringOrManager, options, plaintextLength));
  }

  get frameLength(): number {
    return this.m.frameLength;
  }

  /**
   * Starts sealing `plaintexts` as the next body parts, into one buffer; the last is the final
   * frame (or the non-framed body) when `last`. Every cipher call has taken its input when this
   * returns; `put` gets the parts' bytes, in message order, after the signer saw them, and then
   * `done` runs (to wipe the plaintexts) whether or not the batch got that far.
   */
  seal(plaintexts: readonly Uint8Array[], last: boolean, put: (bytes: Uint8Array) => void, done: () => void): void {
    const { m } = this;
    const kinds = plaintexts.map((_, i): BodyKind => (m.frameLength === 0 ? 'single' : last && i === plaintexts.length - 1 ? 'final' : 'frame'));
    const out = new Uint8Array(plaintexts.reduce((n, pt, i) => n + bodyOverhead(kinds[i]!, m.suite) + pt.length, 0));
    const ends: unknown[] = [];
    let o = 0;
    for (let i = 0; i < plaintexts.length; i++) {
      const pt = plaintexts[i]!;
      // The backend takes the IV and AAD before this returns: the next part may rewrite them.
      ends.push(writePart(m.body, kinds[i]!, this.seq++, pt, out, o));
      o += bodyOverhead(kinds[i]!, m.suite) + pt.length;
    }
    const sealed = Promise.all(ends).then(() => out);
    sealed.then(done, done);
    this.flight.add(sealed, (bytes) => {
      m.signer?.update(bytes);
      put(bytes);
    });
  }

  /**
   * Starts sealing the frames complete in `queue` but its last `keep` bytes, a batch at a time,
   * waiting only while too many batches are in flight. The frames are views of `caller` (the
   * chunk being written) or of the stream's own copies (where a frame spans chunks or began in an
   * earlier one): those are wiped once sealed, the caller's bytes are left alone.
   */
  async sealComplete(queue: ByteChunks, keep: number, caller: Uint8Array, put: (bytes: Uint8Array) => void): Promise<void> {
    const f = this.frameLength;
    const most = framesPerBatch(f);
    while (queue.length - keep >= f) {
      const frames = Array.from({ length: Math.min(most, Math.floor((queue.length - keep) / f)) }, () => queue.read(f));
      this.seal(frames, false, put, () => {
        for (const fr of frames) if (fr.buffer !== caller.buffer) fr.fill(0);
      });
      await this.flight.room();
    }
  }

  /** Waits for every batch started; then the footer of a signed suite (empty bytes for the others). */
  async footer(): Promise<Uint8Array> {
    await this.flight.drained();
    return this.m.signer ? footerOf(await this.m.signer.sign()) : new Uint8Array(0);
  }
}
