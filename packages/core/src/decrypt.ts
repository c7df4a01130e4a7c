import type { KeyAttempt } from './errors.js';
import type { KeyDescription, Keyring } from './materials.js';
import { toMaterialsManager, type MaterialsManager } from './materials_manager.js';
import { throwIfAborted } from './internal/abort.js';
import { InvalidArgumentError, needs } from './errors.js';
import type { MessageHeader } from './header_types.js';
import type { DecryptOptions } from './options.js';
import { asBuffer } from './internal/bytes.js';
import { MessageDecoder } from './decoder.js';
import { publicHeader } from './format/header.js';

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
export async function decrypt(keyringOrManager: Keyring | MaterialsManager, ciphertext: Uint8Array, options: DecryptOptions = {}): Promise<DecryptResult> {
  throwIfAborted(options.signal);
  needs(ciphertext instanceof Uint8Array, InvalidArgumentError, 'ciphertext must be a Uint8Array');
  const decoder = new MessageDecoder(toMaterialsManager(keyringOrManager), options, false);
  const parts: Buffer[] = [];
  await decoder.write(asBuffer(ciphertext), (p) => parts.push(p));
  decoder.end();
  const m = decoder.materials!;
  return {
    plaintext: parts.length === 1 ? parts[0]! : Buffer.concat(parts),
    header: publicHeader(decoder.header!),
    ...(m.decryptedBy ? { decryptedBy: m.decryptedBy } : {}),
    ...(m.attempts ? { attempts: m.attempts } : {}),
  };
}
