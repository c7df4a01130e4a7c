/** The KMS operations kms-local answers, over the state of one region. */
import { randomBytes, randomUUID } from 'node:crypto';
import { KmsError, notFound, validation } from './kms_error.js';
import { blobKeyId, open, seal } from './ciphertext_blob.js';
import type { KeyRecord, StateStore } from './state_store.js';

type Json = Record<string, unknown>;
type Ec = Record<string, string> | undefined;

export interface RegionContext {
  readonly region: string;
  readonly accountId: string;
  readonly store: StateStore;
  /** Regions served by this process (ReplicateKey targets). */
  readonly regions: readonly string[];
  /** How long a new replica stays in `Creating`, ms. */
  readonly replicaDelayMs: number;
}

const keyArn = (c: { region: string; accountId: string }, keyId: string): string => `arn:aws:kms:${c.region}:${c.accountId}:key/${keyId}`;
const aliasArn = (c: RegionContext, name: string): string => `arn:aws:kms:${c.region}:${c.accountId}:${name}`;

function str(input: Json, field: string, required = true): string | undefined {
  const v = input[field];
  if (v === undefined || v === null) {
    if (required) throw validation(`1 validation error detected: Value null at '${field.charAt(0).toLowerCase()}${field.slice(1)}' failed to satisfy constraint: Member must not be null`);
    return undefined;
  }
  if (typeof v !== 'string' || v.length === 0) throw validation(`${field} must be a non-empty string`);
  return v;
}

function blob(input: Json, field: string): Buffer {
  const v = str(input, field)!;
  const b = Buffer.from(v, 'base64');
  if (b.length === 0) throw validation(`${field} must not be empty`);
  return b;
}

function context(input: Json, field: string): Ec {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'string')) throw validation(`${field} must be a map of strings`);
  return v as Record<string, string>;
}

/** Resolves a key id, key ARN, alias name or alias ARN to this region's key record. */
export function resolveKey(c: RegionContext, ref: string): KeyRecord {
  let id = ref;
  if (ref.startsWith('arn:')) {
    const m = /^arn:aws[a-z-]*:kms:([^:]+):([^:]+):(key\/.+|alias\/.+)$/.exec(ref);
    if (!m || m[1] !== c.region || m[2] !== c.accountId) throw notFound(`Invalid arn ${ref}`);
    id = m[3]!.startsWith('key/') ? m[3]!.slice(4) : m[3]!;
  }
  if (id.startsWith('alias/')) {
    const target = c.store.aliases(c.region)[id];
    if (!target) throw notFound(`Alias ${aliasArn(c, id)}`);
    id = target;
  }
  const k = c.store.keys(c.region)[id];
  if (!k) throw notFound(`Key '${keyArn(c, id)}'`);
  return k;
}

/** Keys pending deletion refuse every state change (as in AWS KMS). */
function notPendingDeletion(c: RegionContext, k: KeyRecord): KeyRecord {
  if (k.state === 'PendingDeletion') throw new KmsError('KMSInvalidStateException', `${keyArn(c, k.keyId)} is pending deletion.`);
  return k;
}

function changeState(c: RegionContext, input: Json, state: 'Enabled' | 'Disabled'): void {
  notPendingDeletion(c, resolveKey(c, str(input, 'KeyId')!)).state = state;
  c.store.save();
}

function usable(c: RegionContext, k: KeyRecord): KeyRecord {
  if (k.state === 'Creating') throw new KmsError('KMSInvalidStateException', `${keyArn(c, k.keyId)} is creating.`);
  if (k.state === 'Disabled') throw new KmsError('DisabledException', `${keyArn(c, k.keyId)} is disabled.`);
  return notPendingDeletion(c, k);
}

function metadata(c: RegionContext, k: KeyRecord): Json {
  const md: Json = {
    AWSAccountId: c.accountId,
    KeyId: k.keyId,
    Arn: keyArn(c, k.keyId),
    CreationDate: k.creationDate,
    Enabled: k.state === 'Enabled',
    Description: k.description,
    KeyUsage: 'ENCRYPT_DECRYPT',
    KeyState: k.state,
    Origin: 'AWS_KMS',
    KeyManager: 'CUSTOMER',
    CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
    KeySpec: 'SYMMETRIC_DEFAULT',
    EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
    MultiRegion: k.multiRegion,
  };
  if (k.deletionDate) md['DeletionDate'] = k.deletionDate;
  if (k.multiRegion) {
    const primaryRegion = k.primaryRegion ?? k.region;
    const replicas = c.regions.filter((r) => r !== primaryRegion && c.store.keys(r)[k.keyId]);
    md['MultiRegionConfiguration'] = {
      MultiRegionKeyType: primaryRegion === c.region ? 'PRIMARY' : 'REPLICA',
      PrimaryKey: { Arn: keyArn({ region: primaryRegion, accountId: c.accountId }, k.keyId), Region: primaryRegion },
      ReplicaKeys: replicas.map((r) => ({ Arn: keyArn({ region: r, accountId: c.accountId }, k.keyId), Region: r })),
    };
  }
  return md;
}

function sealUnder(c: RegionContext, k: KeyRecord, plaintext: Buffer, ec: Ec): Buffer {
  return seal(k.keyId, Buffer.from(k.material, 'base64'), plaintext, ec);
}

function openBlob(c: RegionContext, ciphertext: Buffer, keyRef: string | undefined, ec: Ec): { key: KeyRecord; plaintext: Buffer } {
  const id = blobKeyId(ciphertext);
  const k = c.store.keys(c.region)[id];
  if (keyRef !== undefined) {
    const wanted = resolveKey(c, keyRef);
    if (wanted.keyId !== id) throw new KmsError('IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.');
  }
  if (!k) throw new KmsError('InvalidCiphertextException', 'The ciphertext refers to a key that does not exist in this region.');
  usable(c, k);
  return { key: k, plaintext: open(ciphertext, Buffer.from(k.material, 'base64'), ec) };
}

function dataKeyLength(input: Json): number {
  const spec = input['KeySpec'];
  const n = input['NumberOfBytes'];
  if (spec !== undefined && n !== undefined) throw validation('Please specify either number of bytes or key spec.');
  if (spec === 'AES_256') return 32;
  if (spec === 'AES_128') return 16;
  if (spec !== undefined) throw validation(`Value '${String(spec)}' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]`);
  if (typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 1024) return n;
  if (n !== undefined) throw validation('NumberOfBytes must be an integer from 1 to 1024');
  throw validation('Please specify either number of bytes or key spec.');
}

const b64 = (b: Buffer): string => b.toString('base64');

/** The default key policy KMS attaches when a request gives none (the account's root may do anything). */
export function defaultKeyPolicy(accountId: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'kms:*', Resource: '*' }],
  });
}

export const OPERATIONS: Record<string, (c: RegionContext, input: Json) => Json> = {
  CreateKey(c, input) {
    const spec = input['KeySpec'] ?? input['CustomerMasterKeySpec'];
    if (spec !== undefined && spec !== 'SYMMETRIC_DEFAULT') throw new KmsError('UnsupportedOperationException', 'kms-local supports only SYMMETRIC_DEFAULT keys.');
    if (input['KeyUsage'] !== undefined && input['KeyUsage'] !== 'ENCRYPT_DECRYPT') throw validation('KeyUsage must be ENCRYPT_DECRYPT');
    const multiRegion = input['MultiRegion'] === true;
    const keyId = multiRegion ? `mrk-${randomBytes(16).toString('hex')}` : randomUUID();
    const k: KeyRecord = {
      keyId,
      region: c.region,
      material: b64(randomBytes(32)),
      state: 'Enabled',
      description: typeof input['Description'] === 'string' ? input['Description'] : '',
      creationDate: Date.now() / 1000,
      multiRegion,
      ...(multiRegion ? { primaryRegion: c.region } : {}),
    };
    c.store.keys(c.region)[keyId] = k;
    c.store.save();
    return { KeyMetadata: metadata(c, k) };
  },
  DescribeKey(c, input) {
    return { KeyMetadata: metadata(c, resolveKey(c, str(input, 'KeyId')!)) };
  },
  ListKeys(c) {
    return { Keys: Object.values(c.store.keys(c.region)).map((k) => ({ KeyId: k.keyId, KeyArn: keyArn(c, k.keyId) })), Truncated: false };
  },
  CreateAlias(c, input) {
    const name = str(input, 'AliasName')!;
    if (!/^alias\/[a-zA-Z0-9/_-]+$/.test(name) || name.startsWith('alias/aws/')) throw new KmsError('InvalidAliasNameException', `Alias ${name} is not a valid alias name.`);
    const aliases = c.store.aliases(c.region);
    if (aliases[name]) throw new KmsError('AlreadyExistsException', `An alias with the name ${aliasArn(c, name)} already exists`);
    const target = resolveKey(c, str(input, 'TargetKeyId')!);
    aliases[name] = target.keyId;
    c.store.save();
    return {};
  },
  ListAliases(c, input) {
    const keyRef = str(input, 'KeyId', false);
    const only = keyRef ? resolveKey(c, keyRef).keyId : undefined;
    const Aliases = Object.entries(c.store.aliases(c.region))
      .filter(([, id]) => !only || id === only)
      .map(([name, id]) => ({ AliasName: name, AliasArn: aliasArn(c, name), TargetKeyId: id }));
    return { Aliases, Truncated: false };
  },
  ReplicateKey(c, input) {
    const k = usable(c, resolveKey(c, str(input, 'KeyId')!));
    const target = str(input, 'ReplicaRegion')!;
    if (!k.multiRegion) throw new KmsError('UnsupportedOperationException', `${keyArn(c, k.keyId)} is not a multi-Region key.`);
    if ((k.primaryRegion ?? k.region) !== c.region) throw new KmsError('UnsupportedOperationException', `${keyArn(c, k.keyId)} is not a primary key.`);
    if (!c.regions.includes(target)) throw validation(`kms-local does not serve region ${target}`);
    if (c.store.keys(target)[k.keyId]) throw new KmsError('AlreadyExistsException', `Replica of ${k.keyId} already exists in ${target}.`);
    const description = typeof input['Description'] === 'string' ? input['Description'] : '';
    const replica: KeyRecord = { ...k, region: target, state: 'Creating', readyAt: Date.now() + c.replicaDelayMs, description, creationDate: Date.now() / 1000, primaryRegion: c.region };
    delete replica.deletionDate;
    c.store.keys(target)[k.keyId] = replica;
    c.store.save();
    return { ReplicaKeyMetadata: metadata({ ...c, region: target }, replica), ReplicaPolicy: defaultKeyPolicy(c.accountId), ReplicaTags: [] };
  },
  Encrypt(c, input) {
    const k = usable(c, resolveKey(c, str(input, 'KeyId')!));
    const plaintext = blob(input, 'Plaintext');
    if (plaintext.length > 4096) throw validation('Plaintext must be at most 4096 bytes');
    return { CiphertextBlob: b64(sealUnder(c, k, plaintext, context(input, 'EncryptionContext'))), KeyId: keyArn(c, k.keyId), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
  },
  Decrypt(c, input) {
    const { key, plaintext } = openBlob(c, blob(input, 'CiphertextBlob'), str(input, 'KeyId', false), context(input, 'EncryptionContext'));
    return { KeyId: keyArn(c, key.keyId), Plaintext: b64(plaintext), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
  },
  ReEncrypt(c, input) {
    const src = openBlob(c, blob(input, 'CiphertextBlob'), str(input, 'SourceKeyId', false), context(input, 'SourceEncryptionContext'));
    const dest = usable(c, resolveKey(c, str(input, 'DestinationKeyId')!));
    const out = sealUnder(c, dest, src.plaintext, context(input, 'DestinationEncryptionContext'));
    src.plaintext.fill(0);
    return { CiphertextBlob: b64(out), SourceKeyId: keyArn(c, src.key.keyId), KeyId: keyArn(c, dest.keyId), SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT', DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
  },
  GenerateDataKey(c, input) {
    const k = usable(c, resolveKey(c, str(input, 'KeyId')!));
    const dk = randomBytes(dataKeyLength(input));
    const out = { CiphertextBlob: b64(sealUnder(c, k, dk, context(input, 'EncryptionContext'))), Plaintext: b64(dk), KeyId: keyArn(c, k.keyId) };
    dk.fill(0);
    return out;
  },
  GenerateDataKeyWithoutPlaintext(c, input) {
    const k = usable(c, resolveKey(c, str(input, 'KeyId')!));
    const dk = randomBytes(dataKeyLength(input));
    const out = { CiphertextBlob: b64(sealUnder(c, k, dk, context(input, 'EncryptionContext'))), KeyId: keyArn(c, k.keyId) };
    dk.fill(0);
    return out;
  },
  EnableKey(c, input) {
    changeState(c, input, 'Enabled');
    return {};
  },
  DisableKey(c, input) {
    changeState(c, input, 'Disabled');
    return {};
  },
  ScheduleKeyDeletion(c, input) {
    const k = notPendingDeletion(c, resolveKey(c, str(input, 'KeyId')!));
    const days = input['PendingWindowInDays'] ?? 30;
    if (typeof days !== 'number' || days < 7 || days > 30) throw validation('PendingWindowInDays must be from 7 to 30');
    k.state = 'PendingDeletion';
    k.deletionDate = Date.now() / 1000 + days * 86400;
    c.store.save();
    return { KeyId: keyArn(c, k.keyId), DeletionDate: k.deletionDate, KeyState: 'PendingDeletion', PendingWindowInDays: days };
  },
};
