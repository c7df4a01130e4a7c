import type { EncryptedDataKey, EncryptionContext } from './materials.js';

/** The parsed header of a message, as `encrypt`, `decrypt` and `decryptStream`'s `'header'` event give it. */
export interface MessageHeader {
  readonly version: 1 | 2;
  readonly suiteId: number;
  readonly messageId: Uint8Array;
  readonly encryptionContext: EncryptionContext;
  readonly encryptedDataKeys: readonly EncryptedDataKey[];
  readonly contentType: 'framed' | 'non-framed';
  /** Frame length in bytes; 0 for non-framed messages. */
  readonly frameLength: number;
}
