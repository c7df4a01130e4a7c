/**
 * Encryption into memory the writer lends: the caller writes the header bytes, then each plaintext
 * chunk, and gets the sealed body through a sink as views of the writer's own reused buffers,
 * valid only until the sink returns (the caller writes or copies them first). With the native
 * backend no frame allocates anything; with node:crypto the same calls work and allocate as
 * streams do. The frames run on the calling thread; with `concurrency` > 1 a signed suite's hash
 * may run on a worker, as in streams (body/placement.ts).
 */
import type { Keyring, SkippedKey } from './materials.js';
import type { MaterialsManager } from './materials_manager.js';
import type { MessageHeader } from './header_types.js';
import type { EncryptOptions } from './options.js';
import type { BodySealer } from './body/seams.js';
import { lendingPlacementOf } from './body/placement.js';
import { processServices, streamSealer } from './stream_body.js';
import { startMessage } from './encryptor.js';
import { footerOf } from './format/footer.js';
import { lengthGuard } from './internal/stream_guards.js';
import { asBuffer } from './internal/bytes.js';

/** Where a lending writer or reader hands its output: a view valid only until this returns. */
export type LentSink = (bytes: Buffer) => void;

/** One message being written into memory the writer lends (see {@link startMessageWriter}). */
export interface MessageWriter {
  /** The message's header as parsed (suite, encryption context, encrypted data keys). */
  readonly header: MessageHeader;
  /** The message's first bytes: write them before any the sink gets. */
  readonly headerBytes: Uint8Array;
  /** Keys the keyring skipped under its `minKeys` (a region down). */
  readonly skippedKeys: readonly SkippedKey[];
  /**
   * Seals every frame `chunk` completes, handing the bytes to `sink` (the caller may reuse `chunk`
   * once this returns). A promise when the caller must wait before writing more (a hash worker
   * has no room yet).
   */
  write(chunk: Uint8Array, sink: LentSink): Promise<void> | undefined;
  /** Seals the rest: the final frame, then the footer of a signed suite (a promise when a worker signs). */
  end(sink: LentSink): Promise<void> | undefined;
  /** Wipes the plaintext held and lets go of a hash worker: call it once done, whichever way it ended. */
  close(): void;
}

const noSink: LentSink = () => {
  throw new Error('a lending writer handed out bytes outside a call');
};

/**
 * Starts one message: materials from the keyring or manager, the header written. Options are
 * those of `encryptStream`; `signal` is not watched (the caller stops calling).
 */
export async function startMessageWriter(keyringOrManager: Keyring | MaterialsManager, options: EncryptOptions = {}): Promise<MessageWriter> {
  const declared = lengthGuard(options.plaintextLength);
  const placeBody = lendingPlacementOf(options.concurrency, processServices.cores);
  const m = await startMessage(keyringOrManager, options, options.plaintextLength);
  let sink = noSink;
  const body: BodySealer = await streamSealer(m, options, placeBody, processServices, (b) => sink(b), true);
  const lending = <T>(s: LentSink, work: () => T): T => {
    sink = s;
    try {
      return work();
    } catch (e) {
      body.close();
      throw e;
    } finally {
      sink = noSink;
    }
  };
  return {
    header: m.header,
    headerBytes: m.headerBytes,
    skippedKeys: m.skippedKeys ?? [],
    write(chunk, s) {
      declared.add(chunk.length);
      return lending(s, () => body.write(asBuffer(chunk)));
    },
    end(s) {
      declared.end();
      const signature = lending(s, () => body.end());
      const footer = (sig: Uint8Array | undefined): void => {
        if (sig) s(asBuffer(footerOf(sig)));
      };
      if (signature instanceof Promise) return signature.then(footer);
      footer(signature);
      return undefined;
    },
    close: () => body.close(),
  };
}
