/** The `multi` keyring provider: `{ "type": "multi", "generator": {…}, "children": [{…}, …] }`. */
import { ConfigReader, ConfigError, type HedgingPolicy, type KeyringProvider } from '@envelope/core';
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
  /** Decrypt hedging: `"off"`, `"adaptive"` (the default) or a delay in ms. */
  readonly hedging?: HedgingPolicy;
}

/**
 * The `multi` keyring provider: `{ "type": "multi", "generator": {…}, "children": [{…}],
 * "hedging": "adaptive" | "off" | ms }` (`hedgingMs`, a number or `"p95"`, is still accepted).
 */
export const multiProvider: KeyringProvider<MultiConfig> = {
  type: 'multi',
  parse(config, path) {
    const r = new ConfigReader(config, path);
    r.onlyKnown(['type', 'generator', 'children', 'hedging', 'hedgingMs']);
    const children = r.has('children') ? r.array('children') : [];
    const generator = r.has('generator') ? { value: r.raw('generator'), path: r.at('generator') } : undefined;
    if (!generator && children.length === 0) throw new ConfigError('a multi keyring needs a generator or children', path);
    let hedging: HedgingPolicy | undefined;
    if (r.has('hedging')) {
      const v = r.raw('hedging');
      hedging = v === 'off' || v === 'adaptive' ? v : r.number('hedging', { min: 0 });
    } else if (r.has('hedgingMs')) {
      hedging = r.raw('hedgingMs') === 'p95' ? 'adaptive' : r.number('hedgingMs', { min: 0 });
    }
    return { ...(generator ? { generator } : {}), children, ...(hedging !== undefined ? { hedging } : {}) };
  },
  async create(config, context) {
    const generator = config.generator ? await context.build(config.generator.value, config.generator.path) : undefined;
    const children = [];
    for (const c of config.children) children.push(await context.build(c.value, c.path));
    return new MultiKeyring({
      ...(generator ? { generator } : {}),
      children,
      ...(context.kms.localRegion ? { localRegion: context.kms.localRegion } : {}),
      ...(config.hedging !== undefined ? { hedging: config.hedging } : {}),
    });
  },
};
