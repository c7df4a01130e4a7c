/**
 * Streaming encryption and decryption as node:stream Transforms, in memory bounded by one frame
 * plus the header whatever the input size, with backpressure from the consumer.
 */
import { Transform, type TransformCallback } from 'node:stream';
import type { Keyring } from './materials.js';
import { toMaterialsManager, type MaterialsManager } from './materials_manager.js';
import { destroyOnAbort, lengthGuard } from './internal/stream_guards.js';
import type { DecryptOptions, EncryptOptions } from './options.js';
import { DEFAULT_FRAME_LENGTH, DEFAULT_MAX_BODY_SIZE } from './options.js';
import { LimitExceededError } from './errors.js';
import { bodyOverhead, headLength, writeBodyHead } from './format/frame_head.js';
import { maxFooterLength } from './format/footer.js';
import { LARGE_FRAME } from './crypto/body_cipher.js';
import { startMessage, writeFinalFrame, writeFooter, writeFrame, writeNonFramed, type StartedMessage } from './encryptor.js';
import { MessageDecoder } from './decoder.js';
import { publicHeader } from './format/header.js';

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
  const keyring = toMaterialsManager(keyringOrManager);
  const f0 = options.frameLength ?? DEFAULT_FRAME_LENGTH;
  const t = f0 >= LARGE_FRAME ? encryptLargeFrames(keyring, options) : encryptSmallFrames(keyring, options);
  destroyOnAbort(t, options.signal);
  return t;
}

function encryptSmallFrames(keyring: MaterialsManager, options: EncryptOptions): Transform {
  let m: StartedMessage;
  let pending: Buffer; // up to one frame of plaintext not yet written
  let pendingLen = 0;
  let seq = 1;
  const whole: Buffer[] = [];
  let wholeLen = 0;
  const maxBody = options.maxBodySize ?? DEFAULT_MAX_BODY_SIZE;
  const declared = lengthGuard(options.plaintextLength);

  const push = (t: Transform, b: Buffer): void => {
    m.signer?.update(b);
    t.push(b);
  };

  return new Transform({
    construct(cb) {
      begin(this, keyring, options, (started) => {
        m = started;
        pending = Buffer.allocUnsafe(Math.max(m.frameLength, 1));
      }, cb);
    },
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      try {
        declared.add(chunk.length);
        const f = m.frameLength;
        if (f === 0) {
          wholeLen += chunk.length;
          if (wholeLen > maxBody) throw new LimitExceededError(`non-framed stream: plaintext over the maxBodySize limit (${maxBody})`);
          whole.push(Buffer.from(chunk)); // the caller may reuse `chunk` after cb (issue 14 item 1)
          return cb();
        }
        let off = 0;
        // Frames are written only when more bytes follow them, so the final frame is never empty
        // unless the whole input is.
        const total = pendingLen + chunk.length;
        const frames = total === 0 ? 0 : Math.ceil(total / f) - 1;
        if (frames === 0) {
          chunk.copy(pending, pendingLen);
          pendingLen += chunk.length;
          return cb();
        }
        const out = Buffer.allocUnsafe(frames * (f + bodyOverhead('frame', m.suite)));
        let o = 0;
        if (pendingLen > 0) {
          off = f - pendingLen;
          chunk.copy(pending, pendingLen, 0, off);
          o = writeFrame(m.body, seq++, pending, out, o);
          pendingLen = 0;
        }
        while (o < out.length) {
          o = writeFrame(m.body, seq++, chunk.subarray(off, off + f), out, o);
          off += f;
        }
        chunk.copy(pending, 0, off);
        pendingLen = chunk.length - off;
        push(this, out);
        cb();
      } catch (err) {
        cb(err as Error);
      }
    },
    flush(cb: TransformCallback) {
      try {
        declared.end();
        const f = m.frameLength;
        const footer = maxFooterLength(m.suite);
        let out: Buffer;
        let o: number;
        if (f === 0) {
          const pt = whole.length === 1 ? whole[0]! : Buffer.concat(whole);
          out = Buffer.allocUnsafe(bodyOverhead('single', m.suite) + pt.length + footer);
          o = writeNonFramed(m.body, pt, out, 0);
        } else {
          out = Buffer.allocUnsafe(bodyOverhead('final', m.suite) + pendingLen + footer);
          o = writeFinalFrame(m.body, seq, pending.subarray(0, pendingLen), out, 0);
        }
        if (m.signer) {
          m.signer.update(out.subarray(0, o));
          o = writeFooter(m.signer, m.signingKey!, out, o);
        }
        this.push(out.subarray(0, o));
        cb();
      } catch (err) {
        cb(err as Error);
      }
    },
  });
}

/**
 * encryptStream for large frames: the input chunks of a frame are kept as views and fed to the
 * cipher one by one, and the ciphertext pieces are pushed as they are, so no frame is ever copied
 * into one buffer. Only the bytes held past a write's callback are copied (its caller may reuse them).
 */
function encryptLargeFrames(keyring: MaterialsManager, options: EncryptOptions): Transform {
  const declared = lengthGuard(options.plaintextLength);
  let m: StartedMessage;
  let views: Buffer[] = [];
  let viewsLen = 0;
  let seq = 1;
  const out = (t: Transform, b: Buffer): void => {
    m.signer?.update(b);
    t.push(b);
  };
  /** Removes the first `n` bytes from the views and returns them as views. */
  const take = (n: number): Buffer[] => {
    const got: Buffer[] = [];
    while (n > 0) {
      const v = views[0]!;
      if (v.length <= n) {
        got.push(v);
        views.shift();
        n -= v.length;
        viewsLen -= v.length;
      } else {
        got.push(v.subarray(0, n));
        views[0] = v.subarray(n);
        viewsLen -= n;
        n = 0;
      }
    }
    return got;
  };
  const frame = (t: Transform, kind: 'frame' | 'final', pieces: Buffer[], length: number): void => {
    const head = Buffer.allocUnsafe(headLength(kind, m.suite));
    writeBodyHead({ kind, sequence: seq, iv: m.body.ivFor(seq), length }, m.suite, head, 0);
    const { ciphertext, tag } = m.body.sealPieces(kind, seq++, pieces, length);
    out(t, head);
    for (const c of ciphertext) if (c.length) out(t, c);
    out(t, tag);
  };
  return new Transform({
    construct(cb) {
      begin(this, keyring, options, (started) => (m = started), cb);
    },
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      try {
        declared.add(chunk.length);
        if (chunk.length) {
          views.push(chunk);
          viewsLen += chunk.length;
        }
        // A frame is written once bytes after it exist, so the last one is always the final frame.
        while (viewsLen > m.frameLength) frame(this, 'frame', take(m.frameLength), m.frameLength);
        // What is left of `chunk` waits for the next write, and the caller may reuse `chunk` once cb
        // ran: keep a copy of that rest, not a view (issue 14 item 1). Earlier views are copies already.
        if (chunk.length && views.length) views[views.length - 1] = Buffer.from(views[views.length - 1]!);
        cb();
      } catch (err) {
        cb(err as Error);
      }
    },
    flush(cb: TransformCallback) {
      try {
        declared.end();
        const length = viewsLen;
        frame(this, 'final', take(length), length);
        views = [];
        if (m.signer) {
          const footer = Buffer.allocUnsafe(maxFooterLength(m.suite));
          this.push(footer.subarray(0, writeFooter(m.signer, m.signingKey!, footer, 0)));
        }
        cb();
      } catch (err) {
        cb(err as Error);
      }
    },
  });
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
      decoder
        .write(chunk, (pt) => {
          if (!headerSent) sendHeader(this);
          this.push(pt);
        })
        .then(() => {
          if (!headerSent && decoder.header) sendHeader(this);
          cb();
        }, (err: Error) => cb(this.destroyed ? undefined : err));
    },
    flush(cb: TransformCallback) {
      try {
        decoder.end();
        cb();
      } catch (err) {
        cb(err as Error);
      }
    },
  });
  destroyOnAbort(t, options.signal);
  return t;

  function sendHeader(t: Transform): void {
    headerSent = true;
    const m = decoder.materials!;
    t.emit('header', publicHeader(decoder.header!));
    t.emit('decryptedBy', m.decryptedBy, m.attempts ?? []);
  }
}
