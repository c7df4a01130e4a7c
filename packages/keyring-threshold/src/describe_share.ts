/**
 * A share EDK for people (`envelope inspect`): the threshold key, `k of n custodians`, and which
 * custodian's key wrapped the share. Display only: nothing here is used to open anything.
 */
import type { EncryptedDataKey, KeyDescription } from '@envelope/core';
import { readShareInfo } from './share_info.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * `{ providerId, keyId: 'board-2026: 3 of 5 custodians, share of custodian 2 (officers officer-2)' }`
 * for a threshold share EDK; undefined for any other EDK. `describe`, when given (the registry's
 * describer), names the custodian's own EDK; without it a KMS ARN, a raw RSA or raw AES key name is
 * shown as text.
 */
export function describeShareEdk(edk: EncryptedDataKey, describe?: (inner: EncryptedDataKey) => KeyDescription): KeyDescription | undefined {
  const info = readShareInfo(edk.providerInfo);
  if (info === undefined) return undefined;
  const inner = describe?.({ providerId: info.custodianProviderId, providerInfo: info.custodianProviderInfo, ciphertext: edk.ciphertext });
  const custodianKey = inner
    ? `${inner.providerId} ${inner.keyId}${inner.region ? ` [${inner.region}]` : ''}`
    : `${info.custodianProviderId} ${custodianKeyName(info.custodianProviderInfo)}`;
  return {
    providerId: edk.providerId,
    keyId: `${info.keyName}: ${info.threshold} of ${info.custodians} custodians, share of custodian ${info.custodianIndex} (${custodianKey})`,
  };
}

/** A KMS ARN or raw RSA key name as text; a raw AES key name without its IV trailer; else a byte count. */
function custodianKeyName(providerInfo: Uint8Array): string {
  const b = providerInfo;
  const u32 = (o: number): number => new DataView(b.buffer, b.byteOffset + o, 4).getUint32(0);
  // Raw AES provider info: key name ‖ tag length in bits (4) = 128 ‖ IV length (4) = 12 ‖ IV (12).
  const aesName = b.length >= 20 && u32(b.length - 20) === 128 && u32(b.length - 16) === 12 ? b.subarray(0, b.length - 20) : undefined;
  for (const candidate of [b, aesName]) {
    if (candidate === undefined) continue;
    try {
      const text = utf8.decode(candidate);
      if (!/[\u0000-\u001f\u007f]/.test(text)) return text;
    } catch {
      // not text: try the next reading
    }
  }
  return `(${b.length}-byte key info)`;
}
