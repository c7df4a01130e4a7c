import { asBuffer } from './internal/bytes.js';
import { throwIfAborted } from './internal/abort.js';
import { InvalidArgumentError, needs } from './errors.js';
import type { SkippedKey } from './materials.js';
import type { Keyring } from './materials.js';
import type { MaterialsManager } from './materials_manager.js';
import type { MessageHeader } from './header_types.js';
import type { EncryptOptions } from './options.js';
import { bodyOverhead } from './format/frame_head.js';
import { maxFooterLength } from './format/footer.js';
import { startMessage, writeFinalFrame, writeFooter, writeFrame, writeNonFramed } from './encryptor.js';
import { describeEncrypt, traced } from './telemetry/operation_telemetry.js';
import { TELEMETRY_NAMES } from './telemetry_names.js';
import { activeTracer } from './telemetry/otel.js';
import type { MaybePromise } from './crypto/backend.js';
import { isPromise } from './crypto/maybe.js';

/** Result of {@link encrypt}. */
export interface EncryptResult {
  /** The whole message: header, body, footer. */
  readonly ciphertext: Uint8Array;
  /** The header written, as a reader would parse it. */
  readonly header: MessageHeader;
  /** Keys the keyring was configured with but skipped (only when it allows fewer keys). */
  readonly skippedKeys?: readonly SkippedKey[];
}

/**
 * Encrypts `plaintext` into one AWS ESDK-format message under the keyring's keys (a keyring is
 * wrapped in {@link DefaultMaterialsManager}; a manager is asked once). Strings are encoded as UTF-8.
 * @example
 * const { ciphertext } = await encrypt(keyring, 'hello', { encryptionContext: { purpose: 'demo' } });
 */
export function encrypt(keyringOrManager: Keyring | MaterialsManager, plaintext: Uint8Array | string, options: EncryptOptions = {}): Promise<EncryptResult> {
  // No closures, no span: the common case (no SDK registered) costs one provider lookup.
  if (activeTracer() === undefined) return encryptMessage(keyringOrManager, plaintext, options);
  return traced(TELEMETRY_NAMES.spans.encrypt, () => encryptMessage(keyringOrManager, plaintext, options), (span, r) =>
    describeEncrypt(span, r, typeof plaintext === 'string' ? Buffer.byteLength(plaintext, 'utf8') : plaintext.length),
  );
}

async function encryptMessage(keyringOrManager: Keyring | MaterialsManager, plaintext: Uint8Array | string, options: EncryptOptions): Promise<EncryptResult> {
  throwIfAborted(options.signal);
  needs(typeof plaintext === 'string' || plaintext instanceof Uint8Array, InvalidArgumentError, 'plaintext must be a string or a Uint8Array');
  const pt = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : asBuffer(plaintext);
  const m = await startMessage(keyringOrManager, options, pt.length);
  const f = m.frameLength;
  let bodySize: number;
  let regular = 0;
  if (f === 0) bodySize = bodyOverhead('single', m.suite) + pt.length;
  else {
    regular = pt.length === 0 ? 0 : Math.ceil(pt.length / f) - 1;
    bodySize = regular * (f + bodyOverhead('frame', m.suite)) + bodyOverhead('final', m.suite) + (pt.length - regular * f);
  }
  const footerMax = maxFooterLength(m.suite);
  const out = Buffer.allocUnsafe(m.headerBytes.length + bodySize + footerMax);
  out.set(m.headerBytes, 0);
  let o: MaybePromise<number> = m.headerBytes.length;
  if (f === 0) o = writeNonFramed(m.body, pt, out, o);
  else {
    let seq = 1;
    // An asynchronous backend's promise is awaited frame by frame; a synchronous one never waits.
    for (let i = 0; i < regular; i++, seq++) {
      o = writeFrame(m.body, seq, pt.subarray(i * f, (i + 1) * f), out, o);
      if (isPromise(o)) o = await o;
    }
    o = writeFinalFrame(m.body, seq, pt.subarray(regular * f), out, o);
  }
  if (isPromise(o)) o = await o;
  if (m.signer) {
    m.signer.update(out.subarray(m.headerBytes.length, o));
    o = writeFooter(m.signer, out, o);
    if (isPromise(o)) o = await o;
  }
  return { ciphertext: o === out.length ? out : out.subarray(0, o), header: m.header, ...(m.skippedKeys ? { skippedKeys: m.skippedKeys } : {}) };
}
