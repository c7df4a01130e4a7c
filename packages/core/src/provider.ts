/**
 * Keyring providers: how a keyring type is built from a config file. Each keyring package exports
 * one; the registry (`@envelope/registry`) maps type names to them. Defined here so keyring packages
 * can export providers without depending on the registry.
 */
import type { EncryptedDataKey, KeyDescription, Keyring } from './materials.js';
import type { RemoteCallSettings } from './remote_settings.js';
import type { ServiceResolver } from './services.js';

/** What a provider gets besides its own config. */
export interface ProviderContext {
  /** Builds a nested keyring config (e.g. a multi keyring's children); `path` is its JSON path. */
  build(config: unknown, path: string): Promise<Keyring>;
  /** Directory relative paths in the config resolve against. */
  readonly baseDir: string;
  /** The config file's `kms` section plus `localRegion`. */
  readonly kms: RemoteCallSettings;
  /** Environment variables (defaults to process.env). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Services shared by every keyring of one build (one config file): a key service's client pool and
   * region health, so the multi keyring and every regional keyring of the tree see the same health. Never
   * shared between two builds.
   */
  readonly services: ServiceResolver;
}

/** Builds keyrings of one type from config. */
export interface KeyringProvider<C = unknown> {
  /** Type name used in config files: `aws-kms`, `raw-rsa`, `raw-aes`, `multi`, or a third party's. */
  readonly type: string;
  /** Validates a config object; throws ConfigError naming `path` and the bad field. */
  parse(config: unknown, path: string): C;
  /** Builds the keyring from the parsed config. */
  create(config: C, context: ProviderContext): Keyring | Promise<Keyring>;
  /**
   * Describes an EDK this provider's keyrings write (key id, region) without opening it; undefined
   * if the EDK is not of this type. `describe` describes an inner EDK (e.g. the custodian EDK inside
   * a threshold share) with every provider. Used by `envelope inspect`.
   */
  describeEdk?(edk: EncryptedDataKey, describe: (inner: EncryptedDataKey) => KeyDescription): KeyDescription | undefined;
}
