/** Builds a keyring tree from a config file (DESIGN.md § Config file). */
import { ConfigError, ConfigReader, type Keyring, type ProviderContext, type RemoteCallSettings } from '@envelope/core';
import { regionNameProblem } from '@envelope/keyring-kms';
import { createRegistry, type Registry } from './registry.js';
import { defaultBaseDir, defaultEnv, readConfigFile } from '#registry-platform';
import { readManagerSettings } from './internal/manager_settings.js';

/** Fields a config file may have at its top level. */
const TOP_LEVEL_FIELDS = ['$schema', 'localRegion', 'kms', 'keyring', 'cache', 'requiredEncryptionContextKeys'];

/** Options of {@link keyringFromConfig}. */
export interface KeyringFromConfigOptions {
  /** Default: a fresh createRegistry(). */
  readonly registry?: Registry;
  /** Environment for providers (passphrases, third-party keys); default process.env (none in browsers). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths resolve against, for config objects (default: the cwd; browsers read no files). */
  readonly baseDir?: string;
}

/**
 * Reads the config (an object, or the path of a JSON file whose directory relative paths resolve
 * against) and builds the keyring it describes. Errors are ConfigErrors naming the JSON path. In
 * browsers the config is an object (a path is a ConfigError) with its keys inline.
 */
export async function keyringFromConfig(config: object | string, options: KeyringFromConfigOptions = {}): Promise<Keyring> {
  const { top, baseDir } = await readConfig(config, options.baseDir);
  // Manager settings are not used here, but they are checked, so a config fails the same way everywhere.
  readManagerSettings(top);
  return buildKeyring(top, baseDir, options);
}

/** The config's top-level reader and the directory its relative paths resolve against. */
export async function readConfig(config: object | string, baseDirOption: string | undefined): Promise<{ top: ConfigReader; baseDir: string }> {
  const { json, baseDir } = typeof config === 'string' ? await readConfigFile(config) : { json: config, baseDir: baseDirOption ?? defaultBaseDir() };
  const top = new ConfigReader(json, '');
  top.onlyKnown(TOP_LEVEL_FIELDS);
  return { top, baseDir };
}

/** Builds the keyring of a config read by {@link readConfig}. */
export async function buildKeyring(top: ConfigReader, baseDir: string, options: KeyringFromConfigOptions): Promise<Keyring> {
  const localRegion = top.optionalString('localRegion');
  const regionProblem = localRegion === undefined ? undefined : regionNameProblem(localRegion);
  if (regionProblem) throw new ConfigError(regionProblem, top.at('localRegion'));
  const kmsReader = top.optionalObject('kms');
  let kms: RemoteCallSettings = localRegion ? { localRegion } : {};
  if (kmsReader) {
    kmsReader.onlyKnown(['endpoints', 'credentials', 'timeoutMs']);
    const endpoints: Record<string, string> = {};
    const ep = kmsReader.optionalObject('endpoints');
    if (ep) for (const region of ep.fields()) endpoints[region] = ep.string(region);
    const cr = kmsReader.optionalObject('credentials');
    const timeoutMs = kmsReader.optionalNumber('timeoutMs', { min: 1, integer: true });
    kms = {
      ...kms,
      ...(ep ? { endpoints } : {}),
      ...(cr ? { credentials: { accessKeyId: cr.string('accessKeyId'), secretAccessKey: cr.string('secretAccessKey'), ...(cr.has('sessionToken') ? { sessionToken: cr.string('sessionToken') } : {}) } } : {}),
      ...(timeoutMs ? { timeoutMs } : {}),
    };
  }
  if (!top.has('keyring')) throw new ConfigError('required object is missing', 'keyring');
  const registry = options.registry ?? createRegistry();
  const context: ProviderContext = {
    baseDir,
    kms,
    env: options.env ?? defaultEnv(),
    services: registry.servicesFor(kms),
    build: (c, p) => registry.build(c, p, context),
  };
  return registry.build(top.raw('keyring'), 'keyring', context);
}
