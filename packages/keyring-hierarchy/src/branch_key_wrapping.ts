/**
 * How a data key is wrapped under a branch key (AWS ESDK spec, aws-kms-hierarchical-keyring.md
 * § Branch Key Wrapping and Unwrapping): a fresh 32-byte key per EDK, derived from the branch key
 * with the NIST SP 800-108 KDF in counter mode (HMAC-SHA-256), then AES-256-GCM.
 *
 * KDF input to the one HMAC block (32 bytes out):
 *   counter  uint32 = 1 | label "aws-kms-hierarchy" | 0x00 | context = the EDK's salt | L = 256 (uint32, bits)
 *
 * AAD of the wrapping:
 *   "aws-kms-hierarchy" | branch key id (UTF-8) | version (16 bytes) | serialized encryption context
 *   (the header's form without its length prefix; empty for an empty context)
 */
import { Buffer } from 'node:buffer';
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { KeyringError, serializeEncryptionContext, type EncryptionContext } from '@envelope/core';
import {
  HIERARCHY_PROVIDER_ID,
  IV_LENGTH,
  SALT_LENGTH,
  TAG_LENGTH,
  readHierarchyCiphertext,
  writeHierarchyCiphertext,
} from './hierarchy_edk.js';

const LABEL = Buffer.from(HIERARCHY_PROVIDER_ID, 'utf8');
const DERIVED_KEY_LENGTH = 32;

/** The derived wrapping key of one EDK: KDF in counter mode, HMAC-SHA-256, one block. */
export function deriveWrappingKey(branchKey: Uint8Array, salt: Uint8Array): Buffer {
  if (salt.length !== SALT_LENGTH) throw new RangeError('hierarchy KDF: the salt is 16 bytes');
  const counter = Buffer.from([0, 0, 0, 1]);
  const bits = Buffer.alloc(4);
  bits.writeUInt32BE(DERIVED_KEY_LENGTH * 8);
  return createHmac('sha256', branchKey).update(counter).update(LABEL).update(Buffer.from([0])).update(salt).update(bits).digest();
}

/** The AAD binding an EDK to its branch key, version and the message's encryption context. */
export function wrappingAad(branchKeyId: string, version: Uint8Array, encryptionContext: EncryptionContext): Buffer {
  return Buffer.concat([LABEL, Buffer.from(branchKeyId, 'utf8'), version, serializeEncryptionContext(encryptionContext)]);
}

/** What wrapping needs to know of a branch key. */
export interface WrappingBranchKey {
  readonly branchKeyId: string;
  /** The version as its 16 bytes. */
  readonly versionBytes: Uint8Array;
  /** The 32-byte branch key. */
  readonly key: Uint8Array;
}

/** Wraps `dataKey` into an EDK ciphertext (salt, IV, version, wrapped key, tag). */
export function wrapDataKey(branchKey: WrappingBranchKey, dataKey: Uint8Array, encryptionContext: EncryptionContext): Uint8Array {
  const salt = randomBytes(SALT_LENGTH);
  const iv = randomBytes(IV_LENGTH);
  const derived = deriveWrappingKey(branchKey.key, salt);
  try {
    const cipher = createCipheriv('aes-256-gcm', derived, iv, { authTagLength: TAG_LENGTH });
    cipher.setAAD(wrappingAad(branchKey.branchKeyId, branchKey.versionBytes, encryptionContext));
    const wrapped = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return writeHierarchyCiphertext({ salt, iv, version: branchKey.versionBytes, wrapped, tag: cipher.getAuthTag() });
  } finally {
    derived.fill(0);
  }
}

/**
 * Unwraps an EDK ciphertext with the branch key of its version; throws a KeyringError that says no
 * more than "could not unwrap" when the tag does not verify (wrong key, context or damaged EDK).
 */
export function unwrapDataKey(branchKey: WrappingBranchKey, ciphertext: Uint8Array, keyLength: number, encryptionContext: EncryptionContext): Uint8Array {
  const c = readHierarchyCiphertext(ciphertext, keyLength);
  if (!c) throw new KeyringError(`hierarchical keyring: the encrypted data key of ${branchKey.branchKeyId} has the wrong length for the suite`);
  if (!Buffer.from(c.version).equals(Buffer.from(branchKey.versionBytes))) {
    throw new KeyringError(`hierarchical keyring: the encrypted data key names another version of ${branchKey.branchKeyId}`);
  }
  const derived = deriveWrappingKey(branchKey.key, c.salt);
  let head: Buffer | undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', derived, c.iv, { authTagLength: TAG_LENGTH });
    decipher.setAAD(wrappingAad(branchKey.branchKeyId, c.version, encryptionContext));
    decipher.setAuthTag(c.tag);
    head = decipher.update(c.wrapped);
    const tail = decipher.final();
    const key = Buffer.concat([head, tail]);
    return key;
  } catch (cause) {
    throw new KeyringError(`hierarchical keyring: branch key ${branchKey.branchKeyId} could not unwrap the data key (wrong key or encryption context, or a damaged EDK)`, [], { cause });
  } finally {
    head?.fill(0);
    derived.fill(0);
  }
}
