/** Builds a materials manager from a config file: its keyring, cached and guarded as configured. */
import { CachingMaterialsManager, RequiredEncryptionContextManager, type MaterialsManager, DefaultMaterialsManager } from '@envelope/core';
import { buildKeyring, readConfig, type KeyringFromConfigOptions } from './keyring_from_config.js';
import { readManagerSettings } from './internal/manager_settings.js';

/** Options of {@link managerFromConfig}: those of keyringFromConfig. */
export type ManagerFromConfigOptions = KeyringFromConfigOptions;

/**
 * The config's keyring as a materials manager: wrapped in a CachingMaterialsManager when the
 * config has `"cache"`, and in a RequiredEncryptionContextManager (outermost, so cache hits are
 * checked too) when it has `"requiredEncryptionContextKeys"`. Errors are ConfigErrors naming the
 * JSON path (`cache.maxAgeSeconds`).
 */
export async function managerFromConfig(config: object | string, options: ManagerFromConfigOptions = {}): Promise<MaterialsManager> {
  const { top, baseDir } = await readConfig(config, options.baseDir);
  const settings = readManagerSettings(top);
  const keyring = await buildKeyring(top, baseDir, options);
  let manager: MaterialsManager = settings.cache ? new CachingMaterialsManager({ source: keyring, ...settings.cache }) : new DefaultMaterialsManager(keyring);
  if (settings.requiredEncryptionContextKeys) {
    manager = new RequiredEncryptionContextManager({ source: manager, requiredKeys: settings.requiredEncryptionContextKeys });
  }
  return manager;
}
