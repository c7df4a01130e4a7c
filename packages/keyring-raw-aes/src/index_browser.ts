/**
 * @envelope/keyring-raw-aes in browsers (the package's `browser` condition): the keyring on core's
 * WebCrypto backend, and its config provider with the key inline (`"key": "base64:…"`; pages have
 * no key files).
 * @packageDocumentation
 */
export { RawAesKeyring } from './raw_aes_keyring.js';
export type { RawAesKeyringOptions } from './raw_aes_keyring.js';
export { rawAesProvider } from './raw_aes_provider_web.js';
export type { RawAesConfig } from './raw_aes_config.js';
