/** CreateKey, DescribeKey, ListKeys, EnableKey, DisableKey, ScheduleKeyDeletion, CancelKeyDeletion. */
import { randomBytes, randomUUID } from 'node:crypto';
import { KmsError } from '../kms_error.js';
import type { KeyRecord, LocalKeySpec } from '../state_store.js';
import { keyMetadata, replicaRegions } from './key_metadata.js';
import { paginate } from './markers.js';
import { keyArn } from './region_context.js';
import { generateRsaKey, isRsaSpec } from './rsa_keys.js';
import type { Handler } from './operation_types.js';

const unsupported = (what: string): KmsError => new KmsError('UnsupportedOperationException', `kms-local does not emulate ${what} (see its README, "Not emulated").`);

/** The key spec and usage of a CreateKey request, if kms-local emulates them. */
function keySpecOf(input: Readonly<Record<string, unknown>>): LocalKeySpec {
  if (input['KeySpec'] !== undefined && input['CustomerMasterKeySpec'] !== undefined) {
    throw new KmsError('ValidationException', 'You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.');
  }
  const spec = String(input['KeySpec'] ?? input['CustomerMasterKeySpec'] ?? 'SYMMETRIC_DEFAULT');
  if (spec !== 'SYMMETRIC_DEFAULT' && input['KeyUsage'] === undefined) {
    throw new KmsError('ValidationException', 'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.');
  }
  const usage = String(input['KeyUsage'] ?? 'ENCRYPT_DECRYPT');
  if (spec === 'SYMMETRIC_DEFAULT' && usage !== 'ENCRYPT_DECRYPT') throw new KmsError('ValidationException', `KeyUsage ${usage} is not compatible with KeySpec SYMMETRIC_DEFAULT.`);
  if (spec !== 'SYMMETRIC_DEFAULT' && !isRsaSpec(spec)) throw unsupported(`${spec} keys`);
  if (usage !== 'ENCRYPT_DECRYPT') throw unsupported(`${usage} keys`);
  if (input['Origin'] !== undefined && input['Origin'] !== 'AWS_KMS') throw unsupported(`keys with origin ${String(input['Origin'])}`);
  if (input['CustomKeyStoreId'] !== undefined || input['XksKeyId'] !== undefined) throw unsupported('custom key stores');
  return spec as LocalKeySpec;
}

/** Policies are not emulated, but a policy that is not even JSON is refused as AWS refuses it. */
export function checkPolicy(policy: unknown): void {
  if (policy === undefined) return;
  try {
    JSON.parse(String(policy));
  } catch {
    throw new KmsError('MalformedPolicyDocumentException', 'The policy is not a valid JSON document.');
  }
}

function setState(state: 'Enabled' | 'Disabled'): Handler {
  return (r) => {
    const k = r.allow(r.key('KeyId')!);
    return () => {
      k.state = state;
      r.c.store.save();
      return {};
    };
  };
}

export const KEY_OPERATIONS: Readonly<Record<string, Handler>> = {
  CreateKey({ c, input }) {
    const keySpec = keySpecOf(input);
    checkPolicy(input['Policy']);
    return async () => {
      const multiRegion = input['MultiRegion'] === true;
      const k: KeyRecord = {
        keyId: multiRegion ? `mrk-${randomBytes(16).toString('hex')}` : randomUUID(),
        region: c.region,
        state: 'Enabled',
        description: typeof input['Description'] === 'string' ? input['Description'] : '',
        creationDate: Date.now() / 1000,
        keySpec,
        ...(keySpec === 'SYMMETRIC_DEFAULT' ? { material: randomBytes(32).toString('base64') } : await generateRsaKey(keySpec)),
        multiRegion,
        ...(multiRegion ? { primaryRegion: c.region } : {}),
      };
      c.store.addKey(k);
      return { KeyMetadata: keyMetadata(c, k) };
    };
  },
  DescribeKey(r) {
    const k = r.key('KeyId')!;
    return () => ({ KeyMetadata: keyMetadata(r.c, k) });
  },
  ListKeys({ c, input }) {
    const keys = [...c.store.keys(c.region).keys()];
    const page = paginate(keys, (id) => id, (input['Limit'] as number | undefined) ?? 100, input['Marker'] as string | undefined, `ListKeys:${c.region}`);
    return () => ({
      Keys: page.items.map((id) => ({ KeyId: id, KeyArn: keyArn(c, id) })),
      Truncated: page.truncated,
      ...(page.nextMarker ? { NextMarker: page.nextMarker } : {}),
    });
  },
  EnableKey: setState('Enabled'),
  DisableKey: setState('Disabled'),
  ScheduleKeyDeletion(r) {
    const k = r.allow(r.key('KeyId')!);
    const days = (r.input['PendingWindowInDays'] as number | undefined) ?? 30;
    return () => {
      const isPrimary = k.multiRegion && (k.primaryRegion ?? k.region) === r.c.region;
      // A primary with replicas waits for them: no deletion date until the last one is deleted.
      if (isPrimary && replicaRegions(r.c, k).length) {
        k.state = 'PendingReplicaDeletion';
        k.pendingWindowInDays = days;
        delete k.deletionDate;
      } else {
        k.state = 'PendingDeletion';
        k.pendingWindowInDays = days;
        k.deletionDate = Date.now() / 1000 + days * 86400;
      }
      r.c.store.save();
      return { KeyId: keyArn(r.c, k.keyId), KeyState: k.state, PendingWindowInDays: days, ...(k.deletionDate !== undefined ? { DeletionDate: k.deletionDate } : {}) };
    };
  },
  CancelKeyDeletion(r) {
    const k = r.allow(r.key('KeyId')!);
    return () => {
      k.state = 'Disabled';
      delete k.deletionDate;
      delete k.pendingWindowInDays;
      r.c.store.save();
      return { KeyId: keyArn(r.c, k.keyId) };
    };
  },
};
