/**
 * `encryptStream` and `decryptStream` of the browser build: WHATWG TransformStreams of Uint8Array.
 * Backpressure is the platform's (a write resolves once its parts are started and few enough
 * batches are in flight; the next waits while the reader has no room); memory is the chunk being
 * written, the batches in flight and at most a frame held for the next one, whatever the message's
 * length. Decrypting releases each part only after its tag verified and checks the
 * footer's signature before the stream closes.
 */
import { AbortedError, InvalidArgumentError, LimitExceededError, needs } from '../errors.js';
import type { KeyDescription, Keyring } from '../materials.js';
import type { MaterialsManager } from '../materials_manager.js';
import { toMaterialsManager } from '../managers/default_materials_manager.js';
import type { MessageHeader } from '../header_types.js';
import { publicHeader } from '../format/header.js';
import { lengthGuard } from '../internal/stream_guards.js';
import { DEFAULT_MAX_BODY_SIZE, type DecryptOptions, type EncryptOptions } from '../options.js';
import { ByteChunks } from './byte_chunks.js';
import { MessageSealer } from './web_sealer.js';
import { MessageOpener } from './web_opener.js';
import { concatBytes } from '../internal/bytes.js';

/** The encrypting stream: bytes of one message out for plaintext in; `header` once the keyring answered. */
export interface EncryptingStream extends TransformStream<Uint8Array, Uint8Array> {
  /** The message's header, once the keyring answered (rejects with the error that ends the stream). */
  readonly header: Promise<MessageHeader>;
}

/** The decrypting stream: authenticated plaintext out; `header` once it is read and authenticated, `decryptedBy` with it. */
export interface DecryptingStream extends TransformStream<Uint8Array, Uint8Array> {
  /** The message's header, once it is read and authenticated. */
  readonly header: Promise<MessageHeader>;
  /** The key that opened the data key (undefined where the keyring does not say), with the header. */
  readonly decryptedBy: Promise<KeyDescription | undefined>;
}

interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(err: unknown): void;
}

/** A promise settled from outside; its rejection counts as handled (the stream reports the error too). */
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((y, n) => {
    resolve = y;
    reject = n;
  });
  promise.catch(() => {});
  return { promise, resolve, reject };
}

/** Errors the stream with AbortedError when `signal` fires (at once if it has). */
function errorOnAbort(signal: AbortSignal | undefined, fail: (err: Error) => void): void {
  if (!signal) return;
  const onAbort = (): void => fail(new AbortedError(undefined, { cause: signal.reason }));
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
}

function checkChunk(chunk: unknown): asserts chunk is Uint8Array {
  needs(chunk instanceof Uint8Array, InvalidArgumentError, 'stream chunks must be Uint8Arrays');
}

/** The browser's encryptStream: same options as `encrypt`, plus `plaintextLength` and `signal`. */
export function encryptStream(keyringOrManager: Keyring | MaterialsManager, options: EncryptOptions = {}): EncryptingStream {
  const manager = toMaterialsManager(keyringOrManager);
  const declared = lengthGuard(options.plaintextLength);
  const maxBody = options.maxBodySize ?? DEFAULT_MAX_BODY_SIZE;
  const header = deferred<MessageHeader>();
  const pending = new ByteChunks();
  let sealer: MessageSealer;
  const put = (c: TransformStreamDefaultController<Uint8Array>) => (bytes: Uint8Array): void => c.enqueue(bytes);
  const stream = new TransformStream<Uint8Array, Uint8Array>({
    async start(c) {
      errorOnAbort(options.signal, (err) => {
        header.reject(err);
        c.error(err);
      });
      try {
        sealer = await MessageSealer.start(manager, options, options.plaintextLength);
      } catch (err) {
        header.reject(err);
        throw err;
      }
      c.enqueue(sealer.m.headerBytes);
      header.resolve(sealer.m.header);
    },
    async transform(chunk, c) {
      checkChunk(chunk);
      declared.add(chunk.length);
      // Frames sealed from it are read by the cipher calls at once; what is left is copied before
      // this resolves (the caller may reuse its chunk once the write resolved).
      pending.push(chunk, true);
      try {
        if (sealer.frameLength === 0) {
          if (pending.length > maxBody) throw new LimitExceededError(`non-framed plaintext over the maxBodySize limit (${maxBody})`);
          return;
        }
        // A frame is written once bytes after it arrived: the last one must be the final frame.
        await sealer.sealComplete(pending, 1, chunk, put(c));
      } finally {
        pending.own();
      }
    },
    async flush(c) {
      declared.end();
      // At most one frame is left (the final frame, possibly empty), or the whole non-framed body.
      const rest = pending.read(pending.length);
      sealer.seal([rest], true, put(c), () => rest.fill(0));
      const footer = await sealer.footer();
      if (footer.length > 0) c.enqueue(footer);
    },
  });
  return Object.assign(stream, { header: header.promise });
}

/** The browser's decryptStream: same options as `decrypt`. */
export function decryptStream(keyringOrManager: Keyring | MaterialsManager, options: DecryptOptions = {}): DecryptingStream {
  const opener = new MessageOpener(toMaterialsManager(keyringOrManager), options, true);
  const header = deferred<MessageHeader>();
  const decryptedBy = deferred<KeyDescription | undefined>();
  const fail = (err: unknown): void => {
    header.reject(err);
    decryptedBy.reject(err);
  };
  let told = false;
  const opened = (): void => {
    if (told || !opener.header) return;
    told = true;
    header.resolve(publicHeader(opener.header));
    decryptedBy.resolve(opener.materials!.decryptedBy);
  };
  const guarded = async (work: () => Promise<void>): Promise<void> => {
    try {
      await work();
    } catch (err) {
      fail(err);
      throw err;
    }
  };
  const stream = new TransformStream<Uint8Array, Uint8Array>({
    start(c) {
      errorOnAbort(options.signal, (err) => {
        fail(err);
        c.error(err);
      });
    },
    transform: (chunk, c) => guarded(async () => {
      checkChunk(chunk);
      await opener.write(chunk, (pts) => {
        opened();
        // One chunk a batch: the reader's cost is per chunk, a copy of the batch is cheap.
        const joined = concatBytes(pts);
        if (joined !== pts[0]) for (const p of pts) p.fill(0);
        c.enqueue(joined);
      });
      opened();
    }),
    flush: () => guarded(() => opener.end()),
  });
  return Object.assign(stream, { header: header.promise, decryptedBy: decryptedBy.promise });
}
