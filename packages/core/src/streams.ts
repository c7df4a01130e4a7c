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
import type { DecryptOptions, EncryptOptions } from './options.js';
import { footerOf } from './format/footer.js';
import { startMessage, type StartedMessage } from './encryptor.js';
import { bodyEncoder, type BodyEncoder } from './body_encoder.js';
import { MessageDecoder } from './decoder.js';
import { publicHeader } from './format/header.js';
import { traceStream } from './internal/operation_telemetry.js';
import { TELEMETRY_NAMES } from './telemetry_names.js';

/** Starts a message for an encrypting Transform: materials, header written, 'header' emitted. */
function begin(t: Transform, keyring: Keyring | MaterialsManager, options: EncryptOptions, use: (m: StartedMessage) => void, cb: (err?: Error) => void): void {
  startMessage(keyring, options, options.plaintextLength).then(
    (started) => {
      use(started);
      t.push(started.headerBytes);
      t.emit('header', started.header);
      cb();
    },
    // Once destroyed (the signal fired, the consumer went away) the stream has its error already.
    (err: Error) => cb(t.destroyed ? undefined : err),
  );
}

/**
 * A Transform that encrypts what is written to it into one message. The header is written once the
 * keyring answered; each full frame is written as soon as the bytes after it arrive (the last
 * frame is the final frame). Non-framed messages (`frameLength: 0`) are buffered up to
 * `maxBodySize` because their header states the length.
 */
export function encryptStream(keyringOrManager: Keyring | MaterialsManager, options: EncryptOptions = {}): Transform {
  const manager = toMaterialsManager(keyringOrManager);
  const declared = lengthGuard(options.plaintextLength);
  const concurrency = concurrencyOf(options.concurrency);
  let m: StartedMessage;
  let body: BodyEncoder;
  let parallel: ParallelEncoder | undefined;
  const t = new Transform({
    construct(cb) {
      const start = (): void => begin(this, manager, options, (started) => {
        m = started;
        // The parallel encoder hashes signed suites itself (here, or on a signature worker).
        if (useThreads(concurrency, started.frameLength)) parallel = new ParallelEncoder(started, concurrency, (b) => this.push(b));
        else body = bodyEncoder(started, options);
      }, cb);
      if (telemetry) telemetry.run(start);
      else start();
    },
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      telemetry?.count(chunk.length);
      if (parallel) {
        const p = parallel;
        settle((err) => (err ? cb(err) : p.write(chunk).then(() => cb(), (e: Error) => cb(this.destroyed ? undefined : e))), () => declared.add(chunk.length));
        return;
      }
      settle(cb, () => {
        declared.add(chunk.length);
        body.write(chunk, (b) => signedPush(this, m, b));
      });
    },
    flush(cb: TransformCallback) {
      const finish = (): void => {
        if (m.signer) this.push(footerOf(m.signer.sign(m.signingKey!)));
        telemetry?.end();
      };
      if (parallel) {
        const p = parallel;
        const done = (signature: Uint8Array | undefined): void => {
          if (signature) this.push(footerOf(signature));
          telemetry?.end();
        };
        settle((err) => (err ? cb(err) : p.end().then((sig) => settle(cb, () => done(sig)), (e: Error) => cb(this.destroyed ? undefined : e))), () => declared.end());
        return;
      }
      settle(cb, () => {
        declared.end();
        body.end((b) => signedPush(this, m, b));
        finish();
      });
    },
    destroy(err, cb) {
      parallel?.close();
      telemetry?.end(err ?? new Error('stream closed before the end of the message'));
      cb(err);
    },
  });
  const telemetry = traceStream(t, TELEMETRY_NAMES.spans.encryptStream);
  destroyOnAbort(t, options.signal);
  return t;
}

/** Pushes body bytes, which the signer of a signed suite sees first. */
function signedPush(t: Transform, m: StartedMessage, b: Buffer): void {
  m.signer?.update(b);
  t.push(b);
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
          cb();
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
          cb();
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
