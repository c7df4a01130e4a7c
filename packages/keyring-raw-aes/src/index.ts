export { RawAesKeyring } from './raw_aes_keyring.js';
export type { RawAesKeyringOptions } from './raw_aes_keyring.js';
export { rawAesProvider } from './raw_aes_provider.js';
export type { RawAesConfig } from './raw_aes_provider.js';
