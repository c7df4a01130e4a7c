import type { MessageHeader } from './header_types.js';
import { InvalidArgumentError, needs } from './errors.js';
import { publicHeader, readHeader } from './format/header.js';

/**
 * Reads the header at the start of a message without decrypting anything (for inspection).
 * Returns undefined if `bytes` does not hold the whole header yet. Nothing here is authenticated:
 * the header tag can only be checked with the data key.
 */
export function parseHeader(bytes: Uint8Array): {
  /** The header fields. */
  header: MessageHeader;
  /** Its length in bytes, header auth included (where the body starts). */
  headerLength: number;
} | undefined {
  needs(bytes instanceof Uint8Array, InvalidArgumentError, 'parseHeader expects a Uint8Array');
  const h = readHeader(bytes);
  return h ? { header: publicHeader(h), headerLength: h.length } : undefined;
}
