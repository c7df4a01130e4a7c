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

export class MessageSealer {
  private seq = 1;

  private constructor(readonly m: StartedMessage) {}

  /** Gets materials, derives the keys and writes the header. */
  static async start(keyringOrManager: Keyring | MaterialsManager, options: EncryptOptions, plaintextLength: number | undefined): Promise<MessageSealer> {
    return new MessageSealer(await startMessage(keyringOrManager, options, plaintextLength));
  }

  get frameLength(): number {
    return this.m.frameLength;
  }

  /**
   * Seals `plaintexts` as the next body parts, all at once; the last is the final frame (or the
   * non-framed body) when `last`. Resolves with the parts' bytes in order, after the signer saw them.
   */
  async parts(plaintexts: readonly Uint8Array[], last: boolean): Promise<Uint8Array[]> {
    const { m } = this;
    const framed = m.frameLength > 0;
    const sealed = plaintexts.map((pt, i) => {
      const kind: BodyKind = !framed ? 'single' : last && i === plaintexts.length - 1 ? 'final' : 'frame';
      const out = new Uint8Array(bodyOverhead(kind, m.suite) + pt.length);
      // The backend takes the IV and AAD before this returns: the next part may rewrite them.
      const end = writePart(m.body, kind, this.seq++, pt, out, 0);
      return Promise.resolve(end).then(() => out);
    });
    const parts = await Promise.all(sealed);
    if (m.signer) for (const p of parts) m.signer.update(p);
    return parts;
  }

  /** The footer of a signed suite (empty bytes for the others). */
  async footer(): Promise<Uint8Array> {
    return this.m.signer ? footerOf(await this.m.signer.sign()) : new Uint8Array(0);
  }

}
