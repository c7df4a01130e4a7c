/**
 * Encrypting under KMS keys with region health: a region whose breaker is open is not waited on
 * (skipped under `minKeys`, else the encryption fails at once naming it), the data key is generated
 * by the first healthy key when the generator's region fails and `minKeys` allows it (generator
 * failover), then wrapped under the rest concurrently. Each answer must be for the key asked for
 * (key_refs.ts answerMatches), else the encryption fails with KmsKeyMismatchError.
 */
import { KeyringError, type EncryptedDataKey, type EncryptionMaterials, type KeyAttempt, type KeyringCallOptions } from '@envelope/core';
import { parseKmsArn } from '../arn.js';
import { KmsKeyMismatchError, RegionUnavailableError } from '../errors.js';
import { answerMatches, type KeyRef } from '../key_refs.js';
import { KmsCallError, kmsCall, type CallSettings } from './kms_call.js';

/** Provider id of KMS EDKs, as in the AWS ESDK. */
export const KMS_PROVIDER_ID = 'aws-kms';

/** What the encrypt needs from its keyring. */
export interface EncryptSettings extends CallSettings {
  readonly minKeys: number | 'generator' | undefined;
  readonly generateDataKeyLocally: boolean;
  readonly grantTokens: readonly string[] | undefined;
  readonly localRegion: string | undefined;
}

interface Outcome {
  edks: EncryptedDataKey[];
  failures: KeyAttempt[];
}

/** Wraps (and if needed generates) the data key under `generator` and `others`. */
export async function kmsEncrypt(s: EncryptSettings, materials: EncryptionMaterials, generator: KeyRef | undefined, others: readonly KeyRef[], o: KeyringCallOptions): Promise<EncryptionMaterials> {
  const all = [...(generator ? [generator] : []), ...others];
  const out: Outcome = { edks: [], failures: [] };
  // Open breakers first, so that a call that fails on them reserves no half-open trial elsewhere.
  const open = all.filter((r) => s.health.state(r.region) === 'open');
  const mustHaveAll = (skipped: readonly KeyRef[]): boolean => s.minKeys === undefined || (s.minKeys === 'generator' && generator !== undefined && skipped.includes(generator));
  if (open.length && mustHaveAll(open)) throw unavailable(s, open.map((r) => attempt(r, undefined, `skipped: circuit breaker of ${r.region} is open`)));
  // A half-open region gets one trial call (canTry reserves it); concurrent calls skip it meanwhile.
  const trials = new Set<string>();
  for (const r of all) {
    if (open.includes(r) || s.health.state(r.region) !== 'half-open' || trials.has(r.region)) continue;
    if (s.health.canTry(r.region)) trials.add(r.region);
    else open.push(r);
  }
  for (const r of open) out.failures.push(attempt(r, undefined, `skipped: circuit breaker of ${r.region} is ${s.health.state(r.region) === 'open' ? 'open' : 'half-open and its one trial call is out'}`));
  if (open.length && mustHaveAll(open)) throw unavailable(s, out.failures);
  let usable = all.filter((r) => !open.includes(r));
  let dataKey = materials.plaintextDataKey;
  if (!dataKey && s.generateDataKeyLocally) dataKey = crypto.getRandomValues(new Uint8Array(materials.suite.keyLength));
  if (!dataKey) {
    if (!generator) throw new KeyringError('no data key to wrap and no generator key configured');
    const g = await generate(s, materials, s.minKeys !== undefined && s.minKeys !== 'generator' ? usable : usable.slice(0, 1), out, o);
    if (!g) throw policyError(s, out.failures);
    dataKey = g.key;
    usable = usable.filter((r) => r !== g.ref && !out.failures.some((f) => f.keyId === r.keyId));
  }
  const key = dataKey;
  try {
    await Promise.all(usable.map((ref) => wrap(s, materials, key, ref, out, o)));
    const enough = out.failures.length === 0 || (s.minKeys === 'generator' ? !out.failures.some((f) => f.keyId === generator?.keyId) && out.edks.length > 0 : s.minKeys !== undefined && out.edks.length >= s.minKeys);
    if (!enough) throw policyError(s, out.failures);
  } catch (e) {
    if (!materials.plaintextDataKey) key.fill(0);
    throw e;
  }
  return {
    ...materials,
    plaintextDataKey: key,
    encryptedDataKeys: [...materials.encryptedDataKeys, ...out.edks],
    ...(out.failures.length ? { skippedKeys: [...(materials.skippedKeys ?? []), ...out.failures] } : {}),
  };
}

/** GenerateDataKey with the first of `refs` that answers (the generator first, then by health). */
async function generate(s: EncryptSettings, m: EncryptionMaterials, refs: readonly KeyRef[], out: Outcome, o: KeyringCallOptions): Promise<{ key: Uint8Array; ref: KeyRef } | undefined> {
  const [first, ...rest] = refs;
  const order = s.health.order(rest.map((r) => r.region), s.localRegion);
  const tries = first ? [first, ...[...rest].sort((a, b) => order.indexOf(a.region) - order.indexOf(b.region))] : [];
  for (const [i, ref] of tries.entries()) {
    try {
      const r = await kmsCall(s, ref.region, 'GenerateDataKey', ref.keyId, (c, signal, sdk) =>
        c.send(new sdk.GenerateDataKeyCommand({ KeyId: ref.keyId, NumberOfBytes: m.suite.keyLength, EncryptionContext: { ...m.encryptionContext }, ...grants(s) }), { abortSignal: signal }),
        { signal: o.signal, alternatives: i + 1 < tries.length });
      if (!r.Plaintext || r.Plaintext.length !== m.suite.keyLength || !r.CiphertextBlob || !r.KeyId || !parseKmsArn(r.KeyId)) {
        r.Plaintext?.fill(0);
        throw new KeyringError(`GenerateDataKey with ${ref.keyId} returned an invalid response`);
      }
      if (!answerMatches(ref, parseKmsArn(r.KeyId)!)) {
        r.Plaintext.fill(0);
        throw new KmsKeyMismatchError('GenerateDataKey', ref.keyId, r.KeyId, ref.region);
      }
      out.edks.push(edkOf(r.KeyId, r.CiphertextBlob));
      return { key: r.Plaintext, ref };
    } catch (error) {
      if (o.signal?.aborted || error instanceof KmsKeyMismatchError) throw error;
      out.failures.push(attempt(ref, error, (error as Error).message));
    }
  }
  return undefined;
}

async function wrap(s: EncryptSettings, m: EncryptionMaterials, key: Uint8Array, ref: KeyRef, out: Outcome, o: KeyringCallOptions): Promise<void> {
  try {
    const r = await kmsCall(s, ref.region, 'Encrypt', ref.keyId, (c, signal, sdk) =>
      c.send(new sdk.EncryptCommand({ KeyId: ref.keyId, Plaintext: key, EncryptionContext: { ...m.encryptionContext }, ...grants(s) }), { abortSignal: signal }), { signal: o.signal });
    if (!r.CiphertextBlob || !r.KeyId || !parseKmsArn(r.KeyId)) throw new KeyringError(`Encrypt with ${ref.keyId} returned an invalid response`);
    if (!answerMatches(ref, parseKmsArn(r.KeyId)!)) throw new KmsKeyMismatchError('Encrypt', ref.keyId, r.KeyId, ref.region);
    out.edks.push(edkOf(r.KeyId, r.CiphertextBlob));
  } catch (error) {
    if (o.signal?.aborted || error instanceof KmsKeyMismatchError) throw error;
    out.failures.push(attempt(ref, error, (error as Error).message));
  }
}

/** A RegionUnavailableError when regions (not key refusals) kept the policy from being met. */
function policyError(s: EncryptSettings, failures: readonly KeyAttempt[]): KeyringError {
  const regional = failures.filter((f) => f.error === undefined || (f.error instanceof KmsCallError && f.error.outcome !== 'ok'));
  if (regional.length && regional.length === failures.length) return unavailable(s, failures);
  const list = failures.map((f) => `${f.keyId} (${f.region}): ${f.reason}`).join('; ');
  return new KeyringError(`KMS could not wrap the data key under every required key: ${list}`, failures);
}

function unavailable(s: EncryptSettings, failures: readonly KeyAttempt[]): RegionUnavailableError {
  const regions = [...new Set(failures.map((f) => f.region!))];
  // A name that does not resolve is a configuration mistake, not an outage: fewer keys would hide it.
  const unresolved = failures.every((f) => /ENOTFOUND|EAI_AGAIN/.test(`${f.reason ?? ''} ${String((f.error as Error | undefined)?.message ?? '')}`));
  const hint = unresolved
    ? ' No such endpoint: check the region names (and kms.endpoints) in the config.'
    : s.minKeys === undefined
      ? ' To keep encrypting under the remaining regions, set minKeys (e.g. "minKeys": 2).'
      : '';
  const list = failures.map((f) => `${f.keyId} (${f.region}): ${f.reason}`).join('; ');
  return new RegionUnavailableError(`KMS region${regions.length > 1 ? 's' : ''} ${regions.join(', ')} unavailable: ${list}.${hint}`, regions, failures);
}

function attempt(ref: KeyRef, error: unknown, reason: string): KeyAttempt {
  return { keyring: KMS_PROVIDER_ID, keyId: ref.keyId, region: ref.region, error, reason };
}

function grants(s: EncryptSettings): { GrantTokens?: string[] } {
  return s.grantTokens ? { GrantTokens: [...s.grantTokens] } : {};
}

/** The EDK of a KMS answer: provider info is the key ARN KMS returned. */
export function edkOf(keyArn: string, ciphertext: Uint8Array): EncryptedDataKey {
  return Object.freeze({ providerId: KMS_PROVIDER_ID, providerInfo: new TextEncoder().encode(keyArn), ciphertext });
}
