/**
 * Provider info of a raw AES encrypted data key, as the AWS ESDK writes it
 * (framework/raw-aes-keyring.md):
 *
 *   keyName (UTF-8) | tagLengthBits (uint32 BE, 128) | ivLength (uint32 BE, 12) | iv (12 bytes)
 *
 * The EDK ciphertext is the wrapped data key followed by the 16-byte GCM tag.
 */
export const WRAP_IV_LENGTH = 12;
export const WRAP_TAG_LENGTH = 16;

const u32 = (b: Uint8Array, o: number): number => new DataView(b.buffer, b.byteOffset + o, 4).getUint32(0);

/** Builds provider info for `keyName` and `iv`. */
export function writeProviderInfo(keyName: Uint8Array, iv: Uint8Array): Uint8Array {
  const out = new Uint8Array(keyName.length + 8 + iv.length);
  const view = new DataView(out.buffer);
  out.set(keyName, 0);
  view.setUint32(keyName.length, WRAP_TAG_LENGTH * 8);
  view.setUint32(keyName.length + 4, iv.length);
  out.set(iv, keyName.length + 8);
  return out;
}

/** True if `info` names `keyName` and has exactly the room for the lengths and a 12-byte IV. */
export function providerInfoNames(info: Uint8Array, keyName: Uint8Array): boolean {
  if (info.length !== keyName.length + 8 + WRAP_IV_LENGTH) return false;
  for (let i = 0; i < keyName.length; i++) if (info[i] !== keyName[i]) return false;
  return true;
}

/** Reads the IV from provider info already matched by {@link providerInfoNames}; undefined if the declared lengths are not AES-GCM's. */
export function readProviderInfoIv(info: Uint8Array, keyName: Uint8Array): Uint8Array | undefined {
  const tagBits = u32(info, keyName.length);
  const ivLength = u32(info, keyName.length + 4);
  if (tagBits !== WRAP_TAG_LENGTH * 8 || ivLength !== WRAP_IV_LENGTH) return undefined;
  return info.subarray(keyName.length + 8);
}

/** The key name of raw-AES-shaped provider info (name ‖ 128 ‖ 12 ‖ 12-byte IV); undefined otherwise. */
export function readProviderInfoName(info: Uint8Array): Uint8Array | undefined {
  const fixed = 8 + WRAP_IV_LENGTH;
  if (info.length < fixed) return undefined;
  if (u32(info, info.length - fixed) !== WRAP_TAG_LENGTH * 8 || u32(info, info.length - fixed + 4) !== WRAP_IV_LENGTH) return undefined;
  return info.subarray(0, info.length - fixed);
}
