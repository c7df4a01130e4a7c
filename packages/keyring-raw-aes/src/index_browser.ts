/**
 * @envelope/keyring-raw-aes in browsers (the package's `browser` condition): the keyring on core's
 * WebCrypto backend. Its config provider reads key files, which pages have not: build the keyring
 * in code there.
 * @packageDocumentation
 */
export { RawAesKeyring } from './raw_aes_keyring.js';
export type { RawAesKeyringOptions } from './raw_aes_keyring.js';
