/**
 * Services the keyrings of one configuration share (a key service's client pool, region health; later
 * telemetry and a clock). A provider asks its context for a service by a typed key; the registry
 * resolves it from its container, so every keyring of one build gets the same instance and two
 * builds never share one.
 */
import type { RemoteCallSettings } from './remote_settings.js';

/** What a service factory gets: the settings of the build it serves. */
export interface ServiceContext {
  /** The config file's `kms` section plus `localRegion`. */
  readonly kms: RemoteCallSettings;
  /** Resolves other services of the same build (a pool may need the region health). */
  readonly services: ServiceResolver;
}

/** A typed key naming one shared service, with the factory used when nothing else was bound. */
export interface ServiceKey<T> {
  /** Identifier of the container binding. */
  readonly id: symbol;
  /** Name for errors and debugging, e.g. `aws-kms.regionHealth`. */
  readonly name: string;
  /** Builds the service for one build. */
  readonly create: (context: ServiceContext) => T;
}

/** Resolves services by key. */
export interface ServiceResolver {
  /** The build's instance of `key`'s service, created on first use. */
  get<T>(key: ServiceKey<T>): T;
}

/** Declares a service key; `name` should be namespaced by its package (`aws-kms.clientPool`). */
export function serviceKey<T>(name: string, create: (context: ServiceContext) => T): ServiceKey<T> {
  return Object.freeze({ id: Symbol.for(`envelope.service.${name}`), name, create });
}
