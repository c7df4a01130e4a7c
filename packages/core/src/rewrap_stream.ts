/**
 * Rewrap over streams, in memory bounded by one frame plus the header: the new header goes out as
 * soon as `to` has wrapped the data key, then each body part, once its tag verified, is sealed again
 * under the new message key (rewrapper.ts) and written (signed suites hash it for the new footer on
 * the way), and the new footer follows once the old signature verified.
 */
import { Transform, type TransformCallback } from 'node:stream';
import type { DecryptionMaterials } from './materials.js';
import { destroyOnAbort } from './internal/stream_guards.js';
import { MessageDecoder } from './decoder.js';
import { footerOf } from './format/footer.js';
import { resealPart, rewrapHeader, rewrapKeys, type RewrapKeys, type RewrappedHeader } from './rewrapper.js';
import { checkRewrapOptions, readOptions, targetOf, type RewrapOptions } from './rewrap.js';
import { traceStream } from './telemetry/operation_telemetry.js';
import { TELEMETRY_NAMES } from './telemetry_names.js';

/**
 * A Transform that rewraps one message (see {@link rewrap}). Emits `'header'` with the new
 * {@link MessageHeader} once `to` has wrapped the data key, then `'decryptedBy'` (the key of `from`
 * that opened it, and the keys tried before it), then, if `to` skipped keys under its `minKeys`,
 * `'skippedKeys'` with them (SkippedKey[]: provider, key id, region, error), all before any body byte.
 *
 * Body parts are written out as their tags verify, before the end of the message is known: a bad
 * frame, a truncated message or (signed suites) a bad old signature ends the stream with an error
 * after earlier bytes were written. **The consumer must discard the output unless the stream
 * finished without error** (write to a temporary file and rename it on success, as the CLI does).
 */
export function rewrapStream(options: RewrapOptions): Transform {
  const { from, to } = checkRewrapOptions(options);
  let next: RewrappedHeader | undefined;
  const wipe = (pt: Buffer): void => void pt.fill(0);
  let keys: RewrapKeys | undefined;
  const t: Transform = new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      telemetry?.count(chunk.length);
      const write = async (): Promise<void> => decoder.write(chunk, wipe);
      (telemetry && !next ? telemetry.run(write) : write()).then(
        () => cb(),
        (err: Error) => cb(this.destroyed ? undefined : err),
      );
    },
    flush(cb: TransformCallback) {
      // Rewrap opens on this thread; the verdict and the new signature come at once from a
      // synchronous backend, after a promise from another.
      Promise.resolve()
        .then(() => decoder.end(wipe))
        .then(() => next?.signer?.sign())
        .then(
          (signature) => {
            if (signature) this.push(footerOf(signature));
            telemetry?.end();
            cb();
          },
          (err: Error) => cb(err),
        );
    },
    destroy(err, cb) {
      telemetry?.end(err ?? new Error('stream closed before the end of the message'));
      cb(err);
    },
  });
  const telemetry = traceStream(t, TELEMETRY_NAMES.spans.rewrapStream);
  const decoder = new MessageDecoder(from, readOptions(options), true, {
    async opened(header, materials: DecryptionMaterials, dataKey) {
      try {
        keys = await rewrapKeys(header, dataKey);
        next = await rewrapHeader(targetOf(options, to), header, dataKey, keys);
      } finally {
        dataKey.fill(0);
      }
      t.push(next.headerBytes);
      t.emit('header', next.header);
      t.emit('decryptedBy', materials.decryptedBy, materials.attempts ?? []);
      if (next.skippedKeys?.length) t.emit('skippedKeys', next.skippedKeys);
    },
    part(head, plaintext) {
      // The sealer's output is fresh buffers: pushed as they are.
      resealPart(keys!, head, plaintext, (b) => {
        next!.signer?.update(b);
        t.push(b);
      });
    },
  });
  destroyOnAbort(t, options.signal);
  return t;
}
