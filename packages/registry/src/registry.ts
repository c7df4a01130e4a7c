/**
 * The provider registry: keyring providers by type name, and the services they share, in an
 * inversify container. Each registry has its own container; each build (one config file) resolves
 * services in a child container of it, so the keyrings of one build share one KMS client pool and
 * one region health, and two builds (or two registries) never share state.
 */
import {
  ConfigError,
  ConfigReader,
  type EncryptedDataKey,
  type KeyDescription,
  type Keyring,
  type KeyringProvider,
  type RemoteCallSettings,
  type ProviderContext,
  type ServiceKey,
  type ServiceResolver,
} from '@envelope/core';
import { kmsProvider, REGION_HEALTH, KMS_CLIENT_POOL } from '@envelope/keyring-kms';
import { rawAesProvider } from '@envelope/keyring-raw-aes';
import { rawRsaProvider } from '@envelope/keyring-raw-rsa';
import { multiProvider } from '@envelope/keyring-multi';
import { thresholdProvider } from '@envelope/keyring-threshold';
import { newContainer, platformProviders } from '#registry-platform';

const PROVIDER = Symbol.for('envelope.KeyringProvider');

/** A factory bound for a service key (the key's own `create` unless overridden). */
type Factory = (settings: { kms: RemoteCallSettings; services: ServiceResolver }) => unknown;

/** Keyring providers by type name, and the services their keyrings share. */
export class Registry {
  private readonly container = newContainer();
  private readonly names: string[] = [];
  private readonly services = new Map<symbol, ServiceKey<unknown>>();

  /** Adds a provider; a type registered twice is a ConfigError. */
  register<C>(provider: KeyringProvider<C>): void {
    if (!provider || typeof provider.type !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/i.test(provider.type)) {
      throw new ConfigError('a provider needs a type name (letters, digits, . _ -)');
    }
    if (typeof provider.parse !== 'function' || typeof provider.create !== 'function') {
      throw new ConfigError(`provider ${provider.type} needs parse() and create()`);
    }
    if (this.container.isBoundNamed(PROVIDER, provider.type)) throw new ConfigError(`keyring type "${provider.type}" is already registered`);
    this.container.bind<KeyringProvider<unknown>>(PROVIDER).toConstantValue(provider as unknown as KeyringProvider<unknown>).whenTargetNamed(provider.type);
    this.names.push(provider.type);
  }

  /**
   * Binds the service `key` to `factory` (default: the key's own factory): every build gets one
   * instance, made on first use. Binding a key again replaces the factory (e.g. a test's clock).
   */
  provide<T>(key: ServiceKey<T>, factory?: (settings: { kms: RemoteCallSettings; services: ServiceResolver }) => T): void {
    if (this.container.isBound(key.id)) this.container.unbind(key.id);
    this.container.bind<Factory>(key.id).toConstantValue(factory ?? key.create);
    this.services.set(key.id, key as ServiceKey<unknown>);
  }

  /** The provider of a type, or undefined. */
  get(type: string): KeyringProvider<unknown> | undefined {
    return this.container.isBoundNamed(PROVIDER, type) ? this.container.getNamed<KeyringProvider<unknown>>(PROVIDER, type) : undefined;
  }

  /** Registered type names, in registration order. */
  types(): string[] {
    return [...this.names];
  }

  /**
   * Services of one build: a child container where each service is a singleton binding, made from
   * the factory bound with {@link Registry.provide} (or the key's own) on first use.
   */
  servicesFor(kms: RemoteCallSettings): ServiceResolver {
    const scope = this.container.createChild();
    const instanceIds = new Map<symbol, symbol>();
    const resolver: ServiceResolver = {
      get: <T>(key: ServiceKey<T>): T => {
        let id = instanceIds.get(key.id);
        if (!id) {
          id = Symbol(`${key.name} instance`);
          instanceIds.set(key.id, id);
          const factory = (this.container.isBound(key.id) ? this.container.get<Factory>(key.id) : key.create) as Factory;
          scope.bind<unknown>(id).toDynamicValue(() => factory({ kms, services: resolver })).inSingletonScope();
        }
        return scope.get<T>(id);
      },
    };
    return resolver;
  }

  /**
   * Describes an EDK for people (`envelope inspect`): the most recently registered provider that
   * recognises it (so a specific format wins over a looser one registered before it), else its
   * provider id and its provider info as UTF-8 text.
   */
  describeEdk(edk: EncryptedDataKey): KeyDescription {
    const describe = (e: EncryptedDataKey): KeyDescription => {
      for (const type of [...this.names].reverse()) {
        const d = this.get(type)?.describeEdk?.(e, describe);
        if (d) return d;
      }
      return { providerId: e.providerId, keyId: new TextDecoder().decode(e.providerInfo) };
    };
    return describe(edk);
  }

  /** Builds the keyring described by `config` (at JSON path `path`) with its provider. */
  async build(config: unknown, path: string, context: ProviderContext): Promise<Keyring> {
    const r = new ConfigReader(config, path);
    const type = r.string('type');
    const provider = this.get(type);
    if (!provider) throw new ConfigError(`unknown keyring type ${JSON.stringify(type)} (registered: ${this.names.join(', ')})`, r.at('type'));
    const parsed: unknown = provider.parse(config, path);
    return provider.create(parsed, context);
  }
}

/**
 * A registry with the built-in providers (aws-kms, raw-rsa, raw-aes, multi, threshold, and in Node
 * hierarchical; in browsers that type is a ConfigError naming Node) and the shared services.
 */
export function createRegistry(): Registry {
  const r = new Registry();
  r.register(kmsProvider);
  r.register(rawRsaProvider);
  r.register(rawAesProvider);
  r.register(multiProvider);
  r.register(thresholdProvider);
  for (const provider of platformProviders()) r.register(provider);
  r.provide(REGION_HEALTH);
  r.provide(KMS_CLIENT_POOL);
  return r;
}
