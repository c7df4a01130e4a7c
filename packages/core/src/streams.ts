/**
 * Streaming encryption and decryption as node:stream Transforms, in memory bounded by one frame
 * plus the header whatever the input size, with backpressure from the consumer.
 */
import { Transform, type TransformCallback } from 'node:stream';
import type { Keyring } from './materials.js';
import { toMaterialsManager, type MaterialsManager } from './materials_manager.js';
import { destroyOnAbort, lengthGuard } from './internal/stream_guards.js';
import type { DecryptOptions, EncryptOptions } from './options.js';
import { maxFooterLength } from './format/footer.js';
import { startMessage, writeFooter, type StartedMessage } from './encryptor.js';
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
  let m: StartedMessage;
  let body: BodyEncoder;
  const t = new Transform({
    construct(cb) {
      const start = (): void => begin(this, manager, options, (started) => {
        m = started;
        body = bodyEncoder(started, options);
      }, cb);
      if (telemetry) telemetry.run(start);
      else start();
    },
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      telemetry?.count(chunk.length);
      settle(cb, () => {
        declared.add(chunk.length);
        body.write(chunk, (b) => signedPush(this, m, b));
      });
    },
    flush(cb: TransformCallback) {
      settle(cb, () => {
        declared.end();
        body.end((b) => signedPush(this, m, b));
        if (m.signer) {
          const footer = Buffer.allocUnsafe(maxFooterLength(m.suite));
          this.push(footer.subarray(0, writeFooter(m.signer, m.signingKey!, footer, 0)));
        }
        telemetry?.end();
      });
    },
    destroy(err, cb) {
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
function settle(cb: TransformCallback, work: () => void): void {
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
      settle(cb, () => {
        decoder.end();
        telemetry?.end();
      });
    },
    destroy(err, cb) {
      telemetry?.end(err ?? new Error('stream closed before the end of the message'));
      cb(err);
    },
  });
  const telemetry = traceStream(t, TELEMETRY_NAMES.spans.decryptStream);
  destroyOnAbort(t, options.signal);
  return t;

  function sendHeader(t: Transform): void {
    headerSent = true;
    const m = decoder.materials!;
    t.emit('header', publicHeader(decoder.header!));
    t.emit('decryptedBy', m.decryptedBy, m.attempts ?? []);
  }
}
