/**
 * The provider info of a threshold share EDK: which threshold key, which custodian, which Shamir
 * share, and the custodian's own EDK identity. The outer EDK's provider id is the threshold keyring's
 * key namespace (so the AWS ESDKs skip it); its ciphertext is the custodian's EDK ciphertext as the
 * custodian wrote it. Layout, version 1 (all integers unsigned, big-endian):
 *
 * ```
 * offset   size  field
 * 0        1     format version = 0x01
 * 1        1     threshold k             (2..255)
 * 2        1     custodians n            (k..255)
 * 3        1     custodian index i       (0..n-1: custodians[i] wrapped this share)
 * 4        1     share x-coordinate      (1..255: the Shamir evaluation point of the share)
 * 5        2     L = key name length
 * 7        L     key name                (UTF-8, the threshold keyring's keyName)
 * 7+L      2     P = custodian provider id length
 * 9+L      P     custodian provider id   (UTF-8, e.g. the custodian's RSA key namespace)
 * 9+L+P    rest  custodian provider info (as the custodian wrote it, e.g. its RSA key name)
 * ```
 *
 * The custodian wraps only the share's y-values (as long as the suite's data key), so any keyring
 * that wraps a data key of the suite's length can be a custodian. Nothing here is secret; a changed
 * field makes the recombined key wrong, which the message's key commitment or header tag detects.
 */
import type { EncryptedDataKey } from '@envelope/core';

/** The format version this package writes and reads. */
export const SHARE_INFO_VERSION = 1;

/** What a threshold share EDK's provider info says. */
export interface ShareInfo {
  /** Shares needed to recover the data key (k). */
  readonly threshold: number;
  /** Custodians the data key was split among (n). */
  readonly custodians: number;
  /** Index of the custodian that wrapped this share (0-based). */
  readonly custodianIndex: number;
  /** The share's Shamir x-coordinate (1..255). */
  readonly shareX: number;
  /** The threshold keyring's key name. */
  readonly keyName: string;
  /** The custodian's EDK as it wrote it (provider id and info; its ciphertext is the outer EDK's). */
  readonly custodianProviderId: string;
  /** The custodian's provider info bytes. */
  readonly custodianProviderInfo: Uint8Array;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const FIXED = 5;

/** Serializes share info (version 1). Throws RangeError if a field does not fit the layout. */
export function writeShareInfo(info: ShareInfo): Uint8Array {
  const name = new TextEncoder().encode(info.keyName);
  const pid = new TextEncoder().encode(info.custodianProviderId);
  const byte = (v: number, min: number, max: number, what: string): number => {
    if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`share info: ${what} ${v} is not in ${min}..${max}`);
    return v;
  };
  const k = byte(info.threshold, 2, 255, 'threshold');
  const n = byte(info.custodians, k, 255, 'custodians');
  const header = [SHARE_INFO_VERSION, k, n, byte(info.custodianIndex, 0, n - 1, 'custodian index'), byte(info.shareX, 1, 255, 'share x')];
  if (name.length > 0xffff || pid.length > 0xffff) throw new RangeError('share info: key name or custodian provider id longer than 65535 bytes');
  const out = new Uint8Array(FIXED + 2 + name.length + 2 + pid.length + info.custodianProviderInfo.length);
  const view = new DataView(out.buffer);
  out.set(header, 0);
  view.setUint16(FIXED, name.length);
  out.set(name, FIXED + 2);
  view.setUint16(FIXED + 2 + name.length, pid.length);
  out.set(pid, FIXED + 4 + name.length);
  out.set(info.custodianProviderInfo, FIXED + 4 + name.length + pid.length);
  return out;
}

/**
 * Parses share info; `undefined` if the bytes are not a well-formed version-1 share info (another
 * keyring's EDK under the same namespace, or damage). Never throws.
 */
export function readShareInfo(providerInfo: Uint8Array): ShareInfo | undefined {
  const b = providerInfo;
  const u16 = (o: number): number => (b[o]! << 8) | b[o + 1]!;
  if (b.length < FIXED + 4 || b[0] !== SHARE_INFO_VERSION) return undefined;
  const [threshold, custodians, custodianIndex, shareX] = [b[1]!, b[2]!, b[3]!, b[4]!];
  if (threshold < 2 || custodians < threshold || custodianIndex >= custodians || shareX === 0) return undefined;
  const nameLength = u16(FIXED);
  const pidAt = FIXED + 2 + nameLength;
  if (pidAt + 2 > b.length) return undefined;
  const pidLength = u16(pidAt);
  const infoAt = pidAt + 2 + pidLength;
  if (infoAt > b.length) return undefined;
  try {
    return {
      threshold,
      custodians,
      custodianIndex,
      shareX,
      keyName: utf8.decode(b.subarray(FIXED + 2, pidAt)),
      custodianProviderId: utf8.decode(b.subarray(pidAt + 2, infoAt)),
      custodianProviderInfo: new Uint8Array(b.subarray(infoAt)),
    };
  } catch {
    return undefined; // not UTF-8
  }
}

/** The custodian's own EDK inside a threshold share EDK (what the custodian keyring opens). */
export function custodianEdk(info: ShareInfo, outer: EncryptedDataKey): EncryptedDataKey {
  return { providerId: info.custodianProviderId, providerInfo: info.custodianProviderInfo, ciphertext: outer.ciphertext };
}
