/**
 * @envelope/keyring-raw-rsa in browsers (the package's `browser` condition): the keyring on
 * WebCrypto RSA-OAEP, keys as PEM strings or CryptoKeys, and its config provider with the PEM
 * inline. Key files, PKCS#12 and key generation are Node's (node:crypto, node-forge).
 * @packageDocumentation
 */
export { RawRsaKeyring } from './raw_rsa_keyring_web.js';
export type { RawRsaKeyringOptions } from './raw_rsa_keyring_web.js';
export { rawRsaProvider } from './raw_rsa_provider_web.js';
export type { RawRsaConfig, RawRsaFileRef } from './raw_rsa_config.js';
export { RSA_PADDINGS, isRsaPadding, MIN_RSA_BITS } from './rsa_padding.js';
export type { RsaPadding } from './rsa_padding.js';
