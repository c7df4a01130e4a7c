/** The message header as callers see it, and the two header fields the keyrings also speak of. */
/** Key-value pairs bound to a message as additional authenticated data. Not secret. */
export type EncryptionContext = Readonly<Record<string, string>>;

/** A data key encrypted under one master key, as stored in the message header. */
export interface EncryptedDataKey {
  /** Who can open it: `aws-kms`, or a raw keyring's key namespace. */
  readonly providerId: string;
  /** Which key: a KMS key ARN, or the raw keyring's key name (plus IV data for raw AES). */
  readonly providerInfo: Uint8Array;
  /** The wrapped data key. */
  readonly ciphertext: Uint8Array;
}

/** The parsed header of a message, as `encrypt`, `decrypt` and `decryptStream`'s `'header'` event give it. */
export interface MessageHeader {
  /** Message format version: 1 for suites up to 0x0378, 2 for committing suites. */
  readonly version: 1 | 2;
  /** Algorithm suite id, e.g. 0x0578. */
  readonly suiteId: number;
  /** Random message id (16 bytes in v1, 32 in v2). */
  readonly messageId: Uint8Array;
  /** The authenticated, non-secret context. */
  readonly encryptionContext: EncryptionContext;
  /** The wrapped copies of the data key, one per master key. */
  readonly encryptedDataKeys: readonly EncryptedDataKey[];
  /** Framed (streamable) or one non-framed block. */
  readonly contentType: 'framed' | 'non-framed';
  /** Frame length in bytes; 0 for non-framed messages. */
  readonly frameLength: number;
}
