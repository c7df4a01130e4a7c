/**
 * Streaming encryption and decryption as node:stream Transforms, in memory bounded by one frame
 * plus the header whatever the input size, with backpressure from the consumer.
 */
import { Transform, type TransformCallback } from 'node:stream';
import type { Keyring } from './materials.js';
import type { MaterialsManager } from './materials_manager.js';
import { toMaterialsManager } from './managers/default_materials_manager.js';
import { destroyOnAbort, lengthGuard } from './internal/stream_guards.js';
import { placementOf } from './body/placement.js';
import type { BodySealer } from './body/seams.js';
import { processServices, streamOpeners, streamSealer, traitsOf, type StreamServices } from './stream_body.js';
import type { DecryptOptions, EncryptOptions } from './options.js';
import { footerOf } from './format/footer.js';
import { startMessage, type StartedMessage } from './encryptor.js';
import { MessageDecoder } from './decoder.js';
import { publicHeader } from './format/header.js';
import { traceStream } from './telemetry/operation_telemetry.js';
import { TELEMETRY_NAMES } from './telemetry_names.js';

/** Starts a message for an encrypting Transform: materials, its body's sealer, header written, 'header' emitted. */
function begin(t: Transform, keyring: Keyring | MaterialsManager, options: EncryptOptions, use: (m: StartedMessage) => Promise<void>, cb: (err?: Error) => void): void {
  startMessage(keyring, options, options.plaintextLength)
    .then(async (started) => {
      await use(started); // may fail too (a worker that cannot start): the stream's error, not an unhandled one
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
 * under its `minKeys` (a region down), `'skippedKeys'` (SkippedKey[]: provider, key id, region, error);
 * each full frame is written as soon as the bytes after it arrive (the last frame is the final frame). Non-framed messages (`frameLength: 0`) are buffered up to
 * `maxBodySize` because their header states the length.
 */
export function encryptStream(keyringOrManager: Keyring | MaterialsManager, options: EncryptOptions = {}): Transform {
  return encryptStreamWith(processServices, keyringOrManager, options);
}

/** {@link encryptStream} with the given services (worker threads, cores) instead of the process's. */
export function encryptStreamWith(services: StreamServices, keyringOrManager: Keyring | MaterialsManager, options: EncryptOptions = {}): Transform {
  const manager = toMaterialsManager(keyringOrManager);
  const declared = lengthGuard(options.plaintextLength);
  const placeBody = placementOf(options.concurrency, services.cores, traitsOf(services));
  let body: BodySealer;
  let sinceTurn = 0;
  const t = new Transform({
    construct(cb) {
      const push = (b: Buffer): void => void this.push(b);
      const start = (): void =>
        begin(this, manager, options, async (started) => {
          body = await streamSealer(started, options, placeBody, services, push);
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
      sinceTurn += chunk.length;
      if (wait) sinceTurn = 0;
      else if (sinceTurn >= TURN_BYTES) {
        sinceTurn = 0;
        wait = nextTurn();
      }
      afterWait(this, wait, cb);
    },
    flush(cb: TransformCallback) {
      let signature: ReturnType<BodySealer['end']>;
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

/**
 * Bytes an encrypting stream takes between turns of the event loop. A stream fed from memory
 * otherwise never lets the loop turn while it runs (each step is a microtask or a nextTick), so
 * the process's timers and I/O wait, and so does output memory the native backend recycles, which
 * comes back through finalizers that Node runs from the loop.
 */
const TURN_BYTES = 4 * 1024 * 1024;

/** A promise of the next turn of the event loop. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
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
  return decryptStreamWith(processServices, keyringOrManager, options);
}

/** {@link decryptStream} with the given services (worker threads, cores) instead of the process's. */
export function decryptStreamWith(services: StreamServices, keyringOrManager: Keyring | MaterialsManager, options: DecryptOptions = {}): Transform {
  const openers = streamOpeners(placementOf(options.concurrency, services.cores, traitsOf(services)), services);
  const decoder = new MessageDecoder(toMaterialsManager(keyringOrManager), options, true, undefined, openers);
  const t = new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      telemetry?.count(chunk.length);
      let wait: Promise<void> | undefined;
      try {
        // Past the header: no promise per chunk unless the body must wait.
        wait = header.sent ? decoder.write(chunk, push) : telemetry ? telemetry.run(() => header.write(chunk)) : header.write(chunk);
      } catch (err) {
        cb(this.destroyed ? undefined : (err as Error));
        return;
      }
      afterWait(this, wait, cb);
    },
    flush(cb: TransformCallback) {
      let wait: Promise<void> | undefined;
      try {
        wait = decoder.end(push);
      } catch (err) {
        cb(err as Error);
        return;
      }
      afterWait(this, wait, (err) => {
        if (!err && !this.destroyed) telemetry?.end();
        cb(err);
      });
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
  const header = headerEvents(t, decoder);
  destroyOnAbort(t, options.signal);
  return t;
}

/**
 * The writes of a decrypting stream until its header is out: 'header' and 'decryptedBy' are emitted
 * once, before the first plaintext.
 */
function headerEvents(t: Transform, decoder: MessageDecoder): { readonly sent: boolean; write(chunk: Buffer): Promise<void> } {
  let sent = false;
  const send = (): void => {
    sent = true;
    const m = decoder.materials!;
    t.emit('header', publicHeader(decoder.header!));
    t.emit('decryptedBy', m.decryptedBy, m.attempts ?? []);
  };
  return {
    get sent() {
      return sent;
    },
    async write(chunk) {
      await decoder.write(chunk, (pt) => {
        if (!sent) send();
        t.push(pt);
      });
      if (!sent && decoder.header) send();
    },
  };
}
