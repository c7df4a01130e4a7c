/**
 * The provider registry: keyring providers by type name in an inversify container. Each registry
 * has its own container; nothing is global, so two registries never share providers or state.
 */
import { createRequire } from 'node:module';
import type { Container } from 'inversify';
import { ConfigError, ConfigReader, type Keyring, type KeyringProvider, type ProviderContext } from '@envelope/core';
import { kmsProvider } from '@envelope/keyring-kms';
import { rawAesProvider } from '@envelope/keyring-raw-aes';
import { rawRsaProvider } from '@envelope/keyring-raw-rsa';
import { multiProvider } from '@envelope/keyring-multi';
import { thresholdProvider } from '@envelope/keyring-threshold';

const PROVIDER = Symbol.for('envelope.KeyringProvider');

const require = createRequire(import.meta.url);
let containerClass: typeof Container | undefined;

/**
 * inversify (and reflect-metadata, which it needs and which patches the global `Reflect`) load when
 * the first registry is made, not when `@envelope/client` is imported: an application that builds
 * its keyrings in code never gets the global patch.
 */
function newContainer(): Container {
  if (!containerClass) {
    require('reflect-metadata');
    containerClass = (require('inversify') as typeof import('inversify')).Container;
  }
  return new containerClass();
}

/** Keyring providers by type name. */
export class Registry {
  private readonly container = newContainer();
  private readonly names: string[] = [];

  /** Adds a provider; a type registered twice is a ConfigError. */
  register(provider: KeyringProvider<any>): void {
    if (!provider || typeof provider.type !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/i.test(provider.type)) {
      throw new ConfigError('a provider needs a type name (letters, digits, . _ -)');
    }
    if (typeof provider.parse !== 'function' || typeof provider.create !== 'function') {
      throw new ConfigError(`provider ${provider.type} needs parse() and create()`);
    }
    if (this.container.isBoundNamed(PROVIDER, provider.type)) throw new ConfigError(`keyring type "${provider.type}" is already registered`);
    this.container.bind<KeyringProvider<any>>(PROVIDER).toConstantValue(provider).whenTargetNamed(provider.type);
    this.names.push(provider.type);
  }

  /** The provider of a type, or undefined. */
  get(type: string): KeyringProvider<any> | undefined {
    return this.container.isBoundNamed(PROVIDER, type) ? this.container.getNamed<KeyringProvider<any>>(PROVIDER, type) : undefined;
  }

  /** Registered type names, in registration order. */
  types(): string[] {
    return [...this.names];
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

/** A registry with the built-in providers: aws-kms, raw-rsa, raw-aes, multi, threshold. */
export function createRegistry(): Registry {
  const r = new Registry();
  for (const p of [kmsProvider, rawRsaProvider, rawAesProvider, multiProvider, thresholdProvider] as KeyringProvider<any>[]) r.register(p);
  return r;
}
