/**
 * The `aws-kms-hierarchy` encrypted data key (AWS ESDK spec, aws-kms-hierarchical-keyring.md
 * § Ciphertext), as the Material Providers Library and esdk-js write it:
 *
 *   provider id    "aws-kms-hierarchy"
 *   provider info  the branch key id, UTF-8
 *   ciphertext:
 *     salt       16 bytes   random; the KDF's context
 *     iv         12 bytes   random; AES-GCM nonce
 *     version    16 bytes   the branch key version, a UUID string as its 16 raw bytes
 *     wrapped    keyLength  the data key under the derived key (AES-256-GCM)
 *     tag        16 bytes   AES-GCM tag
 */
import { Buffer } from 'node:buffer';
import type { EncryptedDataKey } from '@envelope/core';

/** Provider id of the hierarchical keyring's EDKs (also the KDF label and the AAD's prefix). */
export const HIERARCHY_PROVIDER_ID = 'aws-kms-hierarchy';

export const SALT_LENGTH = 16;
export const IV_LENGTH = 12;
export const VERSION_LENGTH = 16;
export const TAG_LENGTH = 16;
const HEAD = SALT_LENGTH + IV_LENGTH + VERSION_LENGTH;

/** The fields of an EDK's ciphertext. */
export interface HierarchyCiphertext {
  readonly salt: Uint8Array;
  readonly iv: Uint8Array;
  /** The branch key version as 16 bytes. */
  readonly version: Uint8Array;
  /** The wrapped data key (without the tag). */
  readonly wrapped: Uint8Array;
  readonly tag: Uint8Array;
}

/** Reads an EDK's ciphertext for a suite whose data keys are `keyLength` bytes; undefined if its length is not exactly that. */
export function readHierarchyCiphertext(ciphertext: Uint8Array, keyLength: number): HierarchyCiphertext | undefined {
  if (ciphertext.length !== HEAD + keyLength + TAG_LENGTH) return undefined;
  const at = (start: number, length: number): Uint8Array => ciphertext.subarray(start, start + length);
  return {
    salt: at(0, SALT_LENGTH),
    iv: at(SALT_LENGTH, IV_LENGTH),
    version: at(SALT_LENGTH + IV_LENGTH, VERSION_LENGTH),
    wrapped: at(HEAD, keyLength),
    tag: at(HEAD + keyLength, TAG_LENGTH),
  };
}

/** Writes an EDK's ciphertext. */
export function writeHierarchyCiphertext(c: HierarchyCiphertext): Uint8Array {
  if (c.salt.length !== SALT_LENGTH || c.iv.length !== IV_LENGTH || c.version.length !== VERSION_LENGTH || c.tag.length !== TAG_LENGTH) {
    throw new RangeError('hierarchy EDK: salt, iv, version or tag has the wrong length');
  }
  return Buffer.concat([c.salt, c.iv, c.version, c.wrapped, c.tag]);
}

/** The EDK the keyring writes for `branchKeyId`. */
export function hierarchyEdk(branchKeyId: string, ciphertext: Uint8Array): EncryptedDataKey {
  return { providerId: HIERARCHY_PROVIDER_ID, providerInfo: Buffer.from(branchKeyId, 'utf8'), ciphertext };
}

/** The branch key id an EDK names, or undefined if it is not a hierarchical keyring's EDK. */
export function edkBranchKeyId(edk: EncryptedDataKey): string | undefined {
  if (edk.providerId !== HIERARCHY_PROVIDER_ID) return undefined;
  const info = Buffer.from(edk.providerInfo.buffer, edk.providerInfo.byteOffset, edk.providerInfo.byteLength);
  const id = info.toString('utf8');
  // Bytes that are not UTF-8 cannot name a branch key (the round trip would change them).
  return Buffer.from(id, 'utf8').equals(info) ? id : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `s` is a UUID in its 36-character form (the shape of branch key versions). */
export function isUuid(s: string): boolean {
  return UUID.test(s);
}

/** A UUID string as its 16 bytes. */
export function uuidToBytes(uuid: string): Uint8Array {
  if (!isUuid(uuid)) throw new RangeError(`not a UUID: ${JSON.stringify(uuid)}`);
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

/** 16 bytes as a lower-case UUID string. */
export function bytesToUuid(bytes: Uint8Array): string {
  if (bytes.length !== VERSION_LENGTH) throw new RangeError('a UUID is 16 bytes');
  const h = Buffer.from(bytes).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
