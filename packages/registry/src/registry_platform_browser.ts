/**
 * What the registry takes from its platform, in browsers (the `#registry-platform` import's
 * `browser` build): inversify bundled with the page, no config files (a config object only), no
 * environment, and the hierarchical keyring (DynamoDB, node:crypto) a typed error naming Node.
 */
import 'reflect-metadata';
import { Container } from 'inversify';
import { ConfigError, ConfigReader, type KeyringProvider } from '@envelope/core';

/** A registry's container; reflect-metadata is loaded (it patches `Reflect`) only by a page that uses the registry. */
export function newContainer(): Container {
  return new Container();
}

const NODE_ONLY_TYPES = ['hierarchical'];

/** A provider that names a Node-only keyring type and refuses it with a ConfigError. */
function nodeOnly(type: string): KeyringProvider<unknown> {
  return {
    type,
    parse(config, at) {
      throw new ConfigError(`keyring type "${type}" runs in Node only (not in the browser build)`, new ConfigReader(config, at).at('type'));
    },
    create() {
      throw new ConfigError(`keyring type "${type}" runs in Node only`);
    },
  };
}

/** Stand-ins for the Node-only types, so a shared config fails with a clear reason in a page. */
export function platformProviders(): KeyringProvider<unknown>[] {
  return NODE_ONLY_TYPES.map(nodeOnly);
}

/** A page has no environment variables. */
export const defaultEnv = (): Readonly<Record<string, string | undefined>> => ({});

/** Relative paths have nothing to resolve against in a page; providers there read inline keys only. */
export const defaultBaseDir = (): string => '';

/** Config files are read in Node only: a page passes the config object. */
export async function readConfigFile(file: string): Promise<{ json: unknown; baseDir: string }> {
  throw new ConfigError(`config files are read in Node only; in browsers pass the config object (not the path ${JSON.stringify(file)})`);
}
