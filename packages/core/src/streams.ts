/**
 * Streaming encryption and decryption as node:stream Transforms, in memory bounded by one frame
 * plus the header whatever the input size, with backpressure from the consumer.
 */
import { Transform, type TransformCallback } from 'node:stream';
import type { Keyring } from './materials.js';
import { toMaterialsManager, type MaterialsManager } from './materials_manager.js';
import { concurrencyOf, destroyOnAbort, lengthGuard } from './internal/stream_guards.js';
import { ParallelEncoder } from './parallel_encoder.js';
import { useThreads } from './internal/frame_pool.js';
import { HashOffload, signatureOf, signingHash, type SigningHash } from './internal/hash_offload.js';
import type { DecryptOptions, EncryptOptions } from './options.js';
import { footerOf } from './format/footer.js';
import { startMessage, type StartedMessage } from './encryptor.js';
import { bodyEncoder } from './body_encoder.js';
import { MessageDecoder } from './decoder.js';
import { publicHeader } from './format/header.js';
import { traceStream } from './internal/operation_telemetry.js';
import { TELEMETRY_NAMES } from './telemetry_names.js';

/** Starts a message for an encrypting Transform: materials, header written, 'header' emitted. */
function begin(t: Transform, keyring: Keyring | MaterialsManager, options: EncryptOptions, use: (m: StartedMessage) => void, cb: (err?: Error) => void): void {
  startMessage(keyring, options, options.plaintextLength)
    .then((started) => {
      use(started); // may fail too (a worker that cannot start): the stream's error, not an unhandled one
      t.push(started.headerBytes);
      t.emit('header', started.header);
      if (started.skippedKeys?.length) t.emit('skippedKeys', started.skippedKeys);
    })
    .then(
      () => cb(),
      // Once destroyed (the signal fired, the consumer went away) the stream has its error already.
      (err: Error) => cb(t.destroyed ? undefined : err),
    );
}

/**
 * A Transform that encrypts what is written to it into one message. The header is written once the
 * keyring answered, with `'header'` (the {@link MessageHeader}) and, if the keyring skipped keys
 * under its `minKeys` (a region down), `'skippedKeys'` (KeyAttempt[]: key id, region, reason);
 * each full frame is written as soon as the bytes after it arrive (the last frame is the final frame). Non-framed messages (`frameLength: 0`) are buffered up to
 * `maxBodySize` because their header states the length.
 */
export function encryptStream(keyringOrManager: Keyring | MaterialsManager, options: EncryptOptions = {}): Transform {
  const manager = toMaterialsManager(keyringOrManager);
  const declared = lengthGuard(options.plaintextLength);
  const concurrency = concurrencyOf(options.concurrency);
  let body: StreamBody;
  const t = new Transform({
    construct(cb) {
      const push = (b: Buffer): void => void this.push(b);
      const start = (): void => begin(this, manager, options, (started) => {
        const threads = useThreads(concurrency, started.frameLength);
        const hash = signingHash(started, concurrency, threads);
        body = threads ? new ParallelEncoder(started, concurrency, push, hash) : bodyHere(started, options, hash, push);
      }, cb);
      if (telemetry) telemetry.run(start);
      else start();
    },
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      telemetry?.count(chunk.length);
      let wait: Promise<void> | undefined;
      try {
        declared.add(chunk.length);
        wait = body.write(chunk);
      } catch (err) {
        cb(err as Error);
        return;
      }
      afterWait(this, wait, cb);
    },
    flush(cb: TransformCallback) {
      let signature: ReturnType<StreamBody['end']>;
      try {
        declared.end();
        signature = body.end();
      } catch (err) {
        cb(err as Error);
        return;
      }
      const done = (s: Uint8Array | undefined): void => {
        if (s) this.push(footerOf(s));
        telemetry?.end();
      };
      if (signature instanceof Promise) signature.then((s) => settle(cb, () => done(s)), (e: Error) => cb(this.destroyed ? undefined : e));
      else settle(cb, () => done(signature));
    },
    destroy(err, cb) {
      body?.close();
      telemetry?.end(err ?? new Error('stream closed before the end of the message'));
      cb(err);
    },
  });
  const telemetry = traceStream(t, TELEMETRY_NAMES.spans.encryptStream);
  destroyOnAbort(t, options.signal);
  return t;
}

/** The body of an encrypting stream: its frames sealed here ({@link bodyHere}) or on worker threads (ParallelEncoder). */
interface StreamBody {
  /** Seals what `chunk` completes; a promise when the stream must wait before taking more. */
  write(chunk: Buffer): Promise<void> | undefined;
  /** Seals the rest; the footer signature of a signed suite (a promise when a worker made it). */
  end(): Uint8Array | undefined | Promise<Uint8Array | undefined>;
  /** Ends what it runs on worker threads (the stream was destroyed). */
  close(): void;
}

/** Frames sealed on the calling thread; a signed suite's hash here too, or on a worker beside them. */
function bodyHere(m: StartedMessage, options: EncryptOptions, hash: SigningHash | undefined, out: (b: Buffer) => void): StreamBody {
  const body = bodyEncoder(m, options);
  const worker = hash instanceof HashOffload ? hash : undefined;
  const push = (b: Buffer): void => {
    hash?.update(b);
    out(b);
  };
  return {
    write(chunk) {
      body.write(chunk, push);
      return worker?.room();
    },
    end() {
      body.end(push);
      return signatureOf(hash);
    },
    close: () => worker?.close(),
  };
}

/** Calls back at once without `wait`, else once it settles (with its error, unless the stream is destroyed already). */
function afterWait(t: Transform, wait: Promise<void> | undefined, cb: TransformCallback): void {
  if (!wait) cb();
  else wait.then(() => cb(), (e: Error) => cb(t.destroyed ? undefined : e));
}

/** Runs `work` and calls back with its error, if any. */
function settle(cb: (err?: Error) => void, work: () => void): void {
  try {
    work();
  } catch (err) {
    cb(err as Error);
    return;
  }
  cb();
}

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
export function decryptStream(keyringOrManager: Keyring | MaterialsManager, options: DecryptOptions = {}): Transform {
  const decoder = new MessageDecoder(toMaterialsManager(keyringOrManager), options, true);
  let headerSent = false;
  const t = new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      telemetry?.count(chunk.length);
      // Past the header, frames opened here: no promise per chunk.
      if (headerSent) {
        let taken: boolean;
        try {
          taken = decoder.writeNow(chunk, push);
        } catch (err) {
          cb(this.destroyed ? undefined : (err as Error));
          return;
        }
        if (taken) {
          afterWait(this, decoder.room(), cb); // a worker hashing the signature may have no room yet
          return;
        }
      }
      const write = (): Promise<void> => decoder.write(chunk, (pt) => {
        if (!headerSent) sendHeader(this);
        this.push(pt);
      });
      (telemetry && !headerSent ? telemetry.run(write) : write())
        .then(() => {
          if (!headerSent && decoder.header) sendHeader(this);
          afterWait(this, decoder.room(), cb); // a worker hashing the signature may have no room yet
        }, (err: Error) => cb(this.destroyed ? undefined : err));
    },
    flush(cb: TransformCallback) {
      decoder.finish((pt) => this.push(pt)).then(() => {
        telemetry?.end();
        cb();
      }, (err: Error) => cb(this.destroyed ? undefined : err));
    },
    destroy(err, cb) {
      decoder.close();
      telemetry?.end(err ?? new Error('stream closed before the end of the message'));
      cb(err);
    },
  });
  const telemetry = traceStream(t, TELEMETRY_NAMES.spans.decryptStream);
  const push = (pt: Buffer): void => {
    t.push(pt);
  };
  destroyOnAbort(t, options.signal);
  return t;

  function sendHeader(t: Transform): void {
    headerSent = true;
    const m = decoder.materials!;
    t.emit('header', publicHeader(decoder.header!));
    t.emit('decryptedBy', m.decryptedBy, m.attempts ?? []);
  }
}
