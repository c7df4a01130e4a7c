/**
 * @envelope/crypto-native: AES-GCM for Envelope core on OpenSSL's EVP through Node-API. Core's
 * Node build loads it when it is installed and loads (`ENVELOPE_NATIVE=0` turns it off) and uses
 * node:crypto otherwise; it has no dependency on core.
 */
export { NativeAes } from './native_aes.js';
export type { AesKey, EcCurve, GcmBatch, GcmOpening, GcmSealing, HashOnThread, ThreadHashName } from './types.js';
