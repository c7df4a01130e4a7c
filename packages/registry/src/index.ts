export { Registry, createRegistry } from './registry.js';
export { keyringFromConfig } from './keyring_from_config.js';
export type { KeyringFromConfigOptions } from './keyring_from_config.js';
export { managerFromConfig } from './manager_from_config.js';
export type { ManagerFromConfigOptions } from './manager_from_config.js';
