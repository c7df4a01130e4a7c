/**
 * The `threshold` keyring provider: `{ "type": "threshold", "keyNamespace", "keyName", "threshold",
 * "custodians": [keyring configs] }`. Custodians are built through the provider context, so any
 * registered type can be one (usually `raw-rsa`: public keys to encrypt, the present custodians'
 * private keys to recover).
 */
import { ConfigError, ConfigReader, type EncryptedDataKey, type KeyDescription, type KeyringProvider, type Keyring } from '@envelope/core';
import { describeShareEdk } from './describe_share.js';
import { ThresholdKeyring } from './threshold_keyring.js';

/** A parsed `threshold` config entry (custodians are built later, by path). */
export interface ThresholdConfig {
  /** Provider id of the share EDKs. */
  readonly keyNamespace: string;
  /** Threshold key name. */
  readonly keyName: string;
  /** Shares needed (2 ≤ threshold ≤ number of custodians). */
  readonly threshold: number;
  /** Each custodian's raw keyring config and its JSON path. */
  readonly custodians: readonly {
    /** The raw config. */
    readonly value: unknown;
    /** Its JSON path, e.g. `keyring.children[0].custodians[2]`. */
    readonly path: string;
  }[];
}

/**
 * Builds {@link ThresholdKeyring}s from config; errors name the JSON path (`…threshold`,
 * `…custodians`). `describeEdk` tells a share EDK for `envelope inspect` (`k of n custodians`).
 */
export const thresholdProvider: KeyringProvider<ThresholdConfig> & {
  /** Describes a threshold share EDK (undefined for any other EDK); `describe` names the custodian's EDK. */
  describeEdk(edk: EncryptedDataKey, describe?: (inner: EncryptedDataKey) => KeyDescription): KeyDescription | undefined;
} = {
  type: 'threshold',
  parse(config: unknown, at: string): ThresholdConfig {
    const r = new ConfigReader(config, at);
    r.onlyKnown(['type', 'keyNamespace', 'keyName', 'threshold', 'custodians']);
    const keyNamespace = r.string('keyNamespace');
    if (keyNamespace.startsWith('aws-kms')) throw new ConfigError('must not start with "aws-kms" (reserved for KMS)', r.at('keyNamespace'));
    const keyName = r.string('keyName');
    const custodians = r.array('custodians');
    if (custodians.length < 2 || custodians.length > 255) throw new ConfigError(`needs 2 to 255 custodian keyrings, got ${custodians.length}`, r.at('custodians'));
    const threshold = r.number('threshold');
    if (!Number.isInteger(threshold) || threshold < 2 || threshold > custodians.length) {
      throw new ConfigError(`must be an integer from 2 to ${custodians.length} (the number of custodians), got ${threshold}`, r.at('threshold'));
    }
    return { keyNamespace, keyName, threshold, custodians };
  },
  async create(config: ThresholdConfig, context): Promise<ThresholdKeyring> {
    const custodians: Keyring[] = [];
    for (const c of config.custodians) custodians.push(await context.build(c.value, c.path));
    return new ThresholdKeyring({ keyNamespace: config.keyNamespace, keyName: config.keyName, threshold: config.threshold, custodians });
  },
  describeEdk: describeShareEdk,
};
