/** The `aws-kms` keyring provider: builds a KmsKeyring from a config file entry. */
import { ConfigError, ConfigReader, type KeyringProvider, type ProviderContext } from '@envelope/core';
import { isRegionName, parseKmsArn } from './arn.js';
import { KmsKeyring, type KmsKeyringOptions } from './kms_keyring.js';
import { RegionHealth } from './region_health.js';
import { defaultRegion } from './default_region.js';

/** Key under which one RegionHealth is shared by every keyring of a build. */
export const REGION_HEALTH_KEY = 'aws-kms.regionHealth';

/** The RegionHealth shared by a build, created on first use. */
export function sharedRegionHealth(context: ProviderContext): RegionHealth {
  let h = context.shared.get(REGION_HEALTH_KEY);
  if (!(h instanceof RegionHealth)) context.shared.set(REGION_HEALTH_KEY, (h = new RegionHealth()));
  return h as RegionHealth;
}

/** The validated `aws-kms` config entry. */
export type KmsProviderConfig = Pick<KmsKeyringOptions, 'generatorKeyId' | 'keyIds' | 'keyId' | 'regions' | 'discovery' | 'discoveryFilter' | 'minKeys' | 'generateDataKeyLocally' | 'timeoutMs' | 'localRegion'>;

/** A region name that is not one (a typo) is a config error here, not a DNS failure at the first call. */
function checkRegions(r: ConfigReader, c: KmsProviderConfig): void {
  const bad = (region: string, field: string): never => {
    throw new ConfigError(`${JSON.stringify(region)} is not an AWS region name (such as us-east-1)`, r.at(field));
  };
  c.regions?.forEach((region, i) => isRegionName(region) || bad(region, `regions[${i}]`));
  if (c.localRegion !== undefined && !isRegionName(c.localRegion)) bad(c.localRegion, 'localRegion');
  const arnRegion = (keyId: string, field: string): void => {
    const arn = parseKmsArn(keyId);
    if (arn && !isRegionName(arn.region)) bad(arn.region, field);
  };
  if (c.generatorKeyId) arnRegion(c.generatorKeyId, 'generatorKeyId');
  c.keyIds?.forEach((k, i) => arnRegion(k, `keyIds[${i}]`));
}

/** `{ "type": "aws-kms", "keyId": "alias/app", "regions": [...] }` or `generatorKeyId` + `keyIds`, or discovery. */
export const kmsProvider: KeyringProvider<KmsProviderConfig> = {
  type: 'aws-kms',
  parse(config, path) {
    const r = new ConfigReader(config, path);
    r.onlyKnown(['type', 'generatorKeyId', 'keyIds', 'keyId', 'regions', 'discovery', 'discoveryFilter', 'minKeys', 'generateDataKeyLocally', 'timeoutMs', 'localRegion']);
    const discovery = r.boolean('discovery', false);
    const out: { -readonly [K in keyof KmsProviderConfig]: KmsProviderConfig[K] } = {};
    if (discovery) {
      const f = r.object('discoveryFilter');
      f.onlyKnown(['accountIds', 'partition']);
      out.discovery = true;
      out.discoveryFilter = { accountIds: f.stringArray('accountIds', { nonEmpty: true }), partition: f.string('partition') };
    } else if (r.has('keyId')) {
      out.keyId = r.string('keyId');
      out.regions = r.stringArray('regions', { nonEmpty: true });
    } else {
      const g = r.optionalString('generatorKeyId');
      const k = r.optionalStringArray('keyIds');
      if (!g && !k?.length) r.string('generatorKeyId');
      if (g) out.generatorKeyId = g;
      if (k) out.keyIds = k;
    }
    if (r.has('minKeys')) {
      const v = r.raw('minKeys');
      out.minKeys = v === 'generator' ? 'generator' : r.number('minKeys', { min: 1, integer: true });
    }
    if (r.has('generateDataKeyLocally')) out.generateDataKeyLocally = r.boolean('generateDataKeyLocally', false);
    const t = r.optionalNumber('timeoutMs', { min: 1, integer: true });
    if (t !== undefined) out.timeoutMs = t;
    const lr = r.optionalString('localRegion');
    if (lr) out.localRegion = lr;
    checkRegions(r, out);
    return out;
  },
  create(config, context) {
    const kms = context.kms;
    // The one default (default_region.ts), read from the build's environment.
    const localRegion = config.localRegion ?? kms.localRegion ?? defaultRegion(context.env);
    const timeoutMs = config.timeoutMs ?? kms.timeoutMs;
    return new KmsKeyring({
      ...config,
      ...(localRegion ? { localRegion } : {}),
      ...(timeoutMs ? { timeoutMs } : {}),
      ...(kms.endpoints ? { endpoints: kms.endpoints } : {}),
      ...(kms.credentials ? { credentials: kms.credentials } : {}),
      health: sharedRegionHealth(context),
    });
  },
};
