/**
 * `encrypt` and `decrypt` of the browser build: the same names, options, results and errors as
 * Node's (encrypt.ts, decrypt.ts), on the browser's message sealer and opener.
 */
import { InvalidArgumentError, needs } from '../errors.js';
import type { KeyDescription, Keyring } from '../materials.js';
import type { MaterialsManager } from '../materials_manager.js';
import { toMaterialsManager } from '../managers/default_materials_manager.js';
import { publicHeader } from '../format/header.js';
import { throwIfAborted } from '../internal/abort.js';
import { concatBytes, utf8 } from '../internal/bytes.js';
import { describeDecrypt, describeEncrypt, traced } from '../telemetry/operation_telemetry.js';
import { activeTracer } from '../telemetry/otel.js';
import { TELEMETRY_NAMES } from '../telemetry_names.js';
import type { DecryptOptions, EncryptOptions } from '../options.js';
import type { EncryptResult } from '../encrypt.js';
import type { DecryptResult } from '../decrypt.js';
import { MessageSealer, framesPerBatch } from './web_sealer.js';
import { MessageOpener } from './web_opener.js';

/** {@link encrypt} of the browser build (see core's encrypt). */
export function encrypt(keyringOrManager: Keyring | MaterialsManager, plaintext: Uint8Array | string, options: EncryptOptions = {}): Promise<EncryptResult> {
  if (activeTracer() === undefined) return encryptMessage(keyringOrManager, plaintext, options);
  return traced(TELEMETRY_NAMES.spans.encrypt, () => encryptMessage(keyringOrManager, plaintext, options), (span, r) =>
    describeEncrypt(span, r, typeof plaintext === 'string' ? utf8(plaintext).length : plaintext.length),
  );
}

async function encryptMessage(keyringOrManager: Keyring | MaterialsManager, plaintext: Uint8Array | string, options: EncryptOptions): Promise<EncryptResult> {
  throwIfAborted(options.signal);
  needs(typeof plaintext === 'string' || plaintext instanceof Uint8Array, InvalidArgumentError, 'plaintext must be a string or a Uint8Array');
  const pt = typeof plaintext === 'string' ? utf8(plaintext) : plaintext;
  const sealer = await MessageSealer.start(keyringOrManager, options, pt.length);
  const out: Uint8Array[] = [sealer.m.headerBytes];
  const put = (bytes: Uint8Array): void => void out.push(bytes);
  const f = sealer.frameLength;
  if (f === 0) sealer.seal([pt], true, put, () => {});
  else {
    // Views of the caller's plaintext, never wiped; batches are sealed while earlier ones are hashed.
    const count = Math.max(1, Math.ceil(pt.length / f));
    const most = framesPerBatch(f);
    for (let first = 0; first < count; first += most) {
      const n = Math.min(most, count - first);
      const frames = Array.from({ length: n }, (_, i) => pt.subarray((first + i) * f, (first + i + 1) * f));
      sealer.seal(frames, first + n === count, put, () => {});
      await sealer.flight.room();
    }
  }
  out.push(await sealer.footer());
  const m = sealer.m;
  return { ciphertext: concatBytes(out), header: m.header, ...(m.skippedKeys ? { skippedKeys: m.skippedKeys } : {}) };
}

/** {@link decrypt} of the browser build (see core's decrypt). */
export function decrypt(keyringOrManager: Keyring | MaterialsManager, ciphertext: Uint8Array, options: DecryptOptions = {}): Promise<DecryptResult> {
  if (activeTracer() === undefined) return decryptMessage(keyringOrManager, ciphertext, options);
  return traced(TELEMETRY_NAMES.spans.decrypt, () => decryptMessage(keyringOrManager, ciphertext, options), (span, r) => describeDecrypt(span, r, ciphertext.length));
}

async function decryptMessage(keyringOrManager: Keyring | MaterialsManager, ciphertext: Uint8Array, options: DecryptOptions): Promise<DecryptResult> {
  throwIfAborted(options.signal);
  needs(ciphertext instanceof Uint8Array, InvalidArgumentError, 'ciphertext must be a Uint8Array');
  const opener = new MessageOpener(toMaterialsManager(keyringOrManager), options, false);
  const parts: Uint8Array[] = [];
  await opener.write(ciphertext, (p) => void parts.push(...p));
  await opener.end();
  const m = opener.materials!;
  const decryptedBy: KeyDescription | undefined = m.decryptedBy;
  return {
    plaintext: parts.length === 0 ? new Uint8Array(0) : concatBytes(parts),
    header: publicHeader(opener.header!),
    ...(decryptedBy ? { decryptedBy } : {}),
    ...(m.attempts ? { attempts: m.attempts } : {}),
  };
}
