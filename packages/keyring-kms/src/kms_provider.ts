/** The `aws-kms` keyring provider: builds a KmsKeyring from a config file entry. */
import { ConfigError, ConfigReader, REGION_HEALTH, serviceKey, type HedgingPolicy, type KeyringProvider } from '@envelope/core';
import { parseKmsArn } from './arn.js';
import { regionNameProblem } from './region_names.js';
import { KmsKeyring, KMS_PROVIDER_ID, type KmsKeyringOptions } from './kms_keyring.js';
import { KmsClientPool } from './client_pool.js';
import { defaultRegion } from '#default-region';

/** The region health shared by every keyring of one build (core's binding, re-exported under its old home). */
export { REGION_HEALTH };

/** The KMS client pool shared by every KMS keyring of one build, from the config's `kms` section. */
export const KMS_CLIENT_POOL = serviceKey<KmsClientPool>('aws-kms.clientPool', ({ kms }) =>
  new KmsClientPool({ ...(kms.endpoints ? { endpoints: kms.endpoints } : {}), ...(kms.credentials ? { credentials: kms.credentials } : {}) }));

/** Reads a `hedging` config field: `"off"`, `"adaptive"` or a delay in ms. */
export function readHedging(r: ConfigReader, field: string): HedgingPolicy | undefined {
  if (!r.has(field)) return undefined;
  const v = r.raw(field);
  if (v === 'off' || v === 'adaptive') return v;
  return r.number(field, { min: 0 });
}

/** The validated `aws-kms` config entry. */
export type KmsProviderConfig = Pick<KmsKeyringOptions, 'generatorKeyId' | 'keyIds' | 'keyId' | 'regions' | 'discovery' | 'discoveryFilter' | 'minKeys' | 'generateDataKeyLocally' | 'timeoutMs' | 'localRegion' | 'hedging'>;

/** A region name that is not one (a typo) is a config error here, not a DNS failure at the first call. */
function checkRegions(r: ConfigReader, c: KmsProviderConfig): void {
  const check = (region: string, field: string): void => {
    const problem = regionNameProblem(region);
    if (problem) throw new ConfigError(problem, r.at(field));
  };
  c.regions?.forEach((region, i) => check(region, `regions[${i}]`));
  if (c.localRegion !== undefined) check(c.localRegion, 'localRegion');
  const arnRegion = (keyId: string, field: string): void => {
    const arn = parseKmsArn(keyId);
    if (arn) check(arn.region, field);
  };
  if (c.generatorKeyId) arnRegion(c.generatorKeyId, 'generatorKeyId');
  c.keyIds?.forEach((k, i) => arnRegion(k, `keyIds[${i}]`));
}

/** `{ "type": "aws-kms", "keyId": "alias/app", "regions": [...] }` or `generatorKeyId` + `keyIds`, or discovery. */
export const kmsProvider: KeyringProvider<KmsProviderConfig> = {
  type: 'aws-kms',
  parse(config, path) {
    const r = new ConfigReader(config, path);
    r.onlyKnown(['type', 'generatorKeyId', 'keyIds', 'keyId', 'regions', 'discovery', 'discoveryFilter', 'minKeys', 'generateDataKeyLocally', 'timeoutMs', 'localRegion', 'hedging']);
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
    const hedging = readHedging(r, 'hedging');
    if (hedging !== undefined) out.hedging = hedging;
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
      health: context.services.get(REGION_HEALTH),
      pool: context.services.get(KMS_CLIENT_POOL),
    });
  },
  /** An `aws-kms` EDK: its key ARN and the ARN's region. */
  describeEdk(edk) {
    if (edk.providerId !== KMS_PROVIDER_ID) return undefined;
    const keyId = new TextDecoder().decode(edk.providerInfo);
    const region = parseKmsArn(keyId)?.region;
    return { providerId: edk.providerId, keyId, ...(region ? { region } : {}) };
  },
};
