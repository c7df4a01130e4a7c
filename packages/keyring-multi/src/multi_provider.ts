/** The `multi` keyring provider: `{ "type": "multi", "generator": {…}, "children": [{…}, …] }`. */
import { ConfigReader, ConfigError, type KeyringProvider } from '@envelope/core';
import { sharedRegionHealth } from '@envelope/keyring-kms';
import { MultiKeyring } from './multi_keyring.js';

/** The validated `multi` config entry (children are built later, by path). */
export interface MultiConfig {
  /** The generator's raw config and JSON path. */
  readonly generator?: {
    /** The raw config. */
    value: unknown;
    /** Its JSON path. */
    path: string;
  };
  /** Each child's raw config and JSON path. */
  readonly children: {
    /** The raw config. */
    value: unknown;
    /** Its JSON path. */
    path: string;
  }[];
  /** Hedging delay (ms or 'p95'); off when absent. */
  readonly hedgingMs?: number | 'p95';
}

/** The `multi` keyring provider: `{ "type": "multi", "generator": {…}, "children": [{…}] }`. */
export const multiProvider: KeyringProvider<MultiConfig> = {
  type: 'multi',
  parse(config, path) {
    const r = new ConfigReader(config, path);
    r.onlyKnown(['type', 'generator', 'children', 'hedgingMs']);
    const children = r.has('children') ? r.array('children') : [];
    const generator = r.has('generator') ? { value: r.raw('generator'), path: r.at('generator') } : undefined;
    if (!generator && children.length === 0) throw new ConfigError('a multi keyring needs a generator or children', path);
    let hedgingMs: number | 'p95' | undefined;
    if (r.has('hedgingMs')) hedgingMs = r.raw('hedgingMs') === 'p95' ? 'p95' : r.number('hedgingMs', { min: 0 });
    return { ...(generator ? { generator } : {}), children, ...(hedgingMs !== undefined ? { hedgingMs } : {}) };
  },
  async create(config, context) {
    const generator = config.generator ? await context.build(config.generator.value, config.generator.path) : undefined;
    const children = [];
    for (const c of config.children) children.push(await context.build(c.value, c.path));
    return new MultiKeyring({
      ...(generator ? { generator } : {}),
      children,
      health: sharedRegionHealth(context),
      ...(context.kms.localRegion ? { localRegion: context.kms.localRegion } : {}),
      ...(config.hedgingMs !== undefined ? { hedging: { delayMs: config.hedgingMs } } : {}),
    });
  },
};
