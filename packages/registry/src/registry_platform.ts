/**
 * What the registry takes from Node (the `#registry-platform` import's default build): inversify
 * loaded on first use, config files, process.env and the cwd, and the providers that run only in
 * Node (the hierarchical keyring). registry_platform_browser.ts is the browser build's.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Container } from 'inversify';
import { ConfigError, type KeyringProvider } from '@envelope/core';
import { hierarchicalProvider } from '@envelope/keyring-hierarchy';
import { jsonErrorPosition } from './internal/json_error_position.js';

const require = createRequire(import.meta.url);
let containerClass: typeof Container | undefined;

/**
 * inversify (and reflect-metadata, which it needs and which patches the global `Reflect`) load when
 * the first registry is made, not when `@envelope/client` is imported: an application that builds
 * its keyrings in code never gets the global patch.
 */
export function newContainer(): Container {
  if (!containerClass) {
    require('reflect-metadata');
    containerClass = (require('inversify') as typeof import('inversify')).Container;
  }
  return new containerClass();
}

/** Providers of this platform only, registered after the common ones. */
export function platformProviders(): KeyringProvider<unknown>[] {
  return [hierarchicalProvider as unknown as KeyringProvider<unknown>];
}

/** The environment providers read by default. */
export const defaultEnv = (): Readonly<Record<string, string | undefined>> => process.env;

/** The directory a config object's relative paths resolve against by default. */
export const defaultBaseDir = (): string => process.cwd();

/** Reads a JSON config file: its value and the directory its relative paths resolve against. */
export async function readConfigFile(file: string): Promise<{ json: unknown; baseDir: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(`cannot read config file ${file}: ${(cause as Error).message}`, undefined, { cause });
  }
  try {
    return { json: JSON.parse(text), baseDir: path.dirname(path.resolve(file)) };
  } catch {
    // Only the position: JSON.parse's message quotes the text, which may be a secret.
    const at = jsonErrorPosition(text);
    throw new ConfigError(`config file ${file} is not valid JSON${at ? ` (line ${at.line}, column ${at.column})` : ''}`);
  }
}
