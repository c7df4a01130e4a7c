export { MultiKeyring } from './multi_keyring.js';
export type { MultiKeyringOptions, HedgingOptions } from './multi_keyring.js';
export { planOrder } from './decrypt_plan.js';
export { multiProvider } from './multi_provider.js';
export type { MultiConfig } from './multi_provider.js';
