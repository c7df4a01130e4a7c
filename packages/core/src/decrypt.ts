import type { KeyAttempt } from './errors.js';
import type { KeyDescription, Keyring } from './materials.js';
import type { MaterialsManager } from './materials_manager.js';
import { toMaterialsManager } from './managers/default_materials_manager.js';
import { throwIfAborted } from './internal/abort.js';
import { InvalidArgumentError, needs } from './errors.js';
import type { MessageHeader } from './header_types.js';
import type { DecryptOptions } from './options.js';
import { asBuffer } from './internal/bytes.js';
import { MessageDecoder } from './decoder.js';
import { publicHeader } from './format/header.js';
import { describeDecrypt, traced } from './telemetry/operation_telemetry.js';
import { TELEMETRY_NAMES } from './telemetry_names.js';
import { activeTracer } from './telemetry/otel.js';

/** Result of {@link decrypt}. */
export interface DecryptResult {
  /** The authenticated plaintext. */
  readonly plaintext: Uint8Array;
  /** The message's header. */
  readonly header: MessageHeader;
  /** The key that opened the message, when the keyring says. */
  readonly decryptedBy?: KeyDescription;
  /** Keys tried before (or besides) the one that worked, when the keyring says. */
  readonly attempts?: readonly KeyAttempt[];
}

/**
 * Decrypts a whole message with a keyring or a materials manager. Nothing is returned unless every
 * tag, the key commitment and (for signed suites) the signature verified.
 */
export function decrypt(keyringOrManager: Keyring | MaterialsManager, ciphertext: Uint8Array, options: DecryptOptions = {}): Promise<DecryptResult> {
  // No closures, no span: the common case (no SDK registered) costs one provider lookup.
  if (activeTracer() === undefined) return decryptMessage(keyringOrManager, ciphertext, options);
  return traced(TELEMETRY_NAMES.spans.decrypt, () => decryptMessage(keyringOrManager, ciphertext, options), (span, r) => describeDecrypt(span, r, ciphertext.length));
}

async function decryptMessage(keyringOrManager: Keyring | MaterialsManager, ciphertext: Uint8Array, options: DecryptOptions): Promise<DecryptResult> {
  throwIfAborted(options.signal);
  needs(ciphertext instanceof Uint8Array, InvalidArgumentError, 'ciphertext must be a Uint8Array');
  const decoder = new MessageDecoder(toMaterialsManager(keyringOrManager), options, false);
  const parts: Buffer[] = [];
  const emit = (p: Buffer): void => void parts.push(p);
  await decoder.write(asBuffer(ciphertext), emit);
  const end = decoder.end(emit);
  if (end) await end;
  const m = decoder.materials!;
  return {
    plaintext: parts.length === 1 ? parts[0]! : Buffer.concat(parts),
    header: publicHeader(decoder.header!),
    ...(m.decryptedBy ? { decryptedBy: m.decryptedBy } : {}),
    ...(m.attempts ? { attempts: m.attempts } : {}),
  };
}
