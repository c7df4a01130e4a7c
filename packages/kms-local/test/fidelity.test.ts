// kms-local against what AWS documents: one case per row (operation, case, AWS's answer, source),
// each run through the real @aws-sdk/client-kms (and client-sts). Sources:
//   [API]   AWS KMS API Reference, the operation's page (parameters, errors)
//   [MODEL] the KMS service model (kms 2014-11-01) shipped in the AWS SDKs: lengths, ranges, enums
//   [STATE] AWS KMS Developer Guide, "Key states of AWS KMS keys", key state table (note number)
//   [EC]    AWS KMS Developer Guide, "Encryption context" (8,192 characters)
//   [SPEC]  AWS KMS Developer Guide, "Key spec reference" (RSA OAEP plaintext limits)
//   [REC]   a recorded AWS answer: quoted in a public issue, or in LocalStack's snapshot tests
//           (tests/aws/services/kms/test_kms.snapshot.json, recorded against AWS), named in the row
//   [STS]   AWS STS API Reference, common errors
//   [LOCAL] not emulated: kms-local refuses, as its README lists
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicEncrypt, constants, createPublicKey } from 'node:crypto';
import {
  KMSClient, CreateKeyCommand, DescribeKeyCommand, ListKeysCommand, CreateAliasCommand, ListAliasesCommand, ReplicateKeyCommand,
  EncryptCommand, DecryptCommand, ReEncryptCommand, GenerateDataKeyCommand, GenerateDataKeyWithoutPlaintextCommand, EnableKeyCommand,
  DisableKeyCommand, ScheduleKeyDeletionCommand, CancelKeyDeletionCommand, GetPublicKeyCommand, type KeyMetadata,
} from '@aws-sdk/client-kms';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startKmsLocal, type KmsLocal } from '@envelope/kms-local';

const [US, EU, AP] = ['us-east-1', 'eu-west-1', 'ap-southeast-2'] as const;
let local: KmsLocal;
const clients = new Map<string, KMSClient>();
const kms = (region: string = US): KMSClient => {
  let c = clients.get(region);
  if (!c) clients.set(region, (c = new KMSClient({ region, endpoint: local.endpoints[region], credentials: local.credentials, maxAttempts: 1 })));
  return c;
};
// Fixtures, made in beforeAll.
let sym: KeyMetadata;
let disabled: KeyMetadata;
let pending: KeyMetadata;
let mrk: KeyMetadata;
let rsa: KeyMetadata;
let blob: Uint8Array;
const newKey = async (input: ConstructorParameters<typeof CreateKeyCommand>[0] = {}): Promise<KeyMetadata> => (await kms().send(new CreateKeyCommand(input))).KeyMetadata!;

/** One row: what is sent, and AWS's documented answer (an error name, or a check of the result). */
interface Row {
  readonly op: string;
  readonly case: string;
  readonly source: string;
  readonly run: () => Promise<unknown>;
  readonly answer: string | ((out: never) => void | Promise<void>);
}

const ROWS: Row[] = [
  // ReplicateKey
  { op: 'ReplicateKey', case: 'the replica comes back Creating, Enabled false', source: '[API] ReplicateKey; [STATE] Creating', run: async () => replicate(EU), answer: (r: { ReplicaKeyMetadata: KeyMetadata }) => {
    expect(r.ReplicaKeyMetadata.KeyState).toBe('Creating');
    expect(r.ReplicaKeyMetadata.Enabled).toBe(false);
  } },
  { op: 'ReplicateKey', case: 'the replica has an empty description and the default policy, not the primary\'s', source: '[API] ReplicateKey, Description and Policy', run: async () => replicate(AP), answer: (r: { ReplicaKeyMetadata: KeyMetadata; ReplicaPolicy: string }) => {
    expect(r.ReplicaKeyMetadata.Description).toBe('');
    expect(JSON.parse(r.ReplicaPolicy)).toMatchObject({ Id: 'key-default-1' });
  } },
  { op: 'Encrypt', case: 'a replica still Creating', source: '[STATE] note 14', run: () => kms(EU).send(new EncryptCommand({ KeyId: mrk.KeyId, Plaintext: Buffer.from('x') })), answer: 'KMSInvalidStateException' },
  { op: 'ReplicateKey', case: 'a replica already in that region', source: '[API] ReplicateKey, AlreadyExistsException', run: () => replicate(EU), answer: 'AlreadyExistsException' },
  { op: 'ReplicateKey', case: 'KeyId is an alias', source: '[API] ReplicateKey, KeyId: key id or key ARN', run: () => kms().send(new ReplicateKeyCommand({ KeyId: 'alias/fidelity', ReplicaRegion: EU })), answer: 'NotFoundException' },
  { op: 'ReplicateKey', case: 'a single-region key', source: '[API] ReplicateKey, UnsupportedOperationException', run: () => kms().send(new ReplicateKeyCommand({ KeyId: sym.KeyId, ReplicaRegion: EU })), answer: 'UnsupportedOperationException' },
  { op: 'ReplicateKey', case: 'ReplicaRegion that is not a region name', source: '[MODEL] RegionType pattern', run: () => kms().send(new ReplicateKeyCommand({ KeyId: mrk.KeyId, ReplicaRegion: 'mars' })), answer: 'ValidationException' },
  { op: 'ReplicateKey', case: 'a primary that is disabled', source: '[STATE] note 1', run: async () => {
    const k = await newKey({ MultiRegion: true });
    await kms().send(new DisableKeyCommand({ KeyId: k.KeyId }));
    return kms().send(new ReplicateKeyCommand({ KeyId: k.KeyId, ReplicaRegion: EU }));
  }, answer: 'DisabledException' },
  { op: 'ReplicateKey', case: 'a primary pending deletion', source: '[STATE] note 3', run: async () => {
    const k = await newKey({ MultiRegion: true });
    await kms().send(new ScheduleKeyDeletionCommand({ KeyId: k.KeyId, PendingWindowInDays: 7 }));
    return kms().send(new ReplicateKeyCommand({ KeyId: k.Arn, ReplicaRegion: EU }));
  }, answer: 'KMSInvalidStateException' },

  // ListKeys
  { op: 'ListKeys', case: 'Limit 0', source: '[MODEL] LimitType 1-1000', run: () => kms().send(new ListKeysCommand({ Limit: 0 })), answer: 'ValidationException' },
  { op: 'ListKeys', case: 'Limit 1001', source: '[MODEL] LimitType 1-1000', run: () => kms().send(new ListKeysCommand({ Limit: 1001 })), answer: 'ValidationException' },
  { op: 'ListKeys', case: 'no Limit: at most 100, Truncated, NextMarker', source: '[API] ListKeys, Limit defaults to 100', run: async () => {
    for (let i = 0; i < 101; i++) await kms(AP).send(new CreateKeyCommand({}));
    return kms(AP).send(new ListKeysCommand({}));
  }, answer: (r: { Keys: unknown[]; Truncated: boolean; NextMarker?: string }) => {
    expect(r.Keys.length).toBe(100);
    expect(r.Truncated).toBe(true);
    expect(r.NextMarker).toBeTruthy();
  } },
  { op: 'ListKeys', case: 'Marker from NextMarker walks every key once', source: '[API] ListKeys, Marker/NextMarker/Truncated', run: () => walk((Marker) => kms(AP).send(new ListKeysCommand({ Limit: 7, ...(Marker ? { Marker } : {}) })), (p: { Keys?: { KeyId?: string }[] }) => p.Keys!.map((k) => k.KeyId!)), answer: (ids: string[]) => {
    expect(ids.length).toBeGreaterThanOrEqual(101);
    expect(new Set(ids).size).toBe(ids.length);
  } },
  { op: 'ListKeys', case: 'a Marker it never gave', source: '[API] ListKeys, InvalidMarkerException', run: () => kms().send(new ListKeysCommand({ Marker: 'not-a-marker' })), answer: 'InvalidMarkerException' },

  // ListAliases
  { op: 'ListAliases', case: 'AWS managed alias/aws/* aliases listed, without TargetKeyId', source: '[API] ListAliases', run: () => walk((Marker) => kms().send(new ListAliasesCommand({ Limit: 100, ...(Marker ? { Marker } : {}) })), (p: { Aliases?: object[] }) => p.Aliases!), answer: (all: { AliasName: string; TargetKeyId?: string }[]) => {
    const aws = all.filter((a) => a.AliasName.startsWith('alias/aws/'));
    expect(aws.length).toBeGreaterThan(0);
    expect(aws.every((a) => a.TargetKeyId === undefined)).toBe(true);
  } },
  { op: 'ListAliases', case: 'a customer alias has CreationDate and LastUpdatedDate', source: '[API] ListAliases, AliasListEntry', run: () => kms().send(new ListAliasesCommand({ KeyId: sym.Arn })), answer: (r: { Aliases: { AliasName: string; CreationDate?: Date; LastUpdatedDate?: Date }[] }) => {
    expect(r.Aliases.map((a) => a.AliasName)).toEqual(['alias/fidelity']);
    expect(r.Aliases[0]!.CreationDate).toBeInstanceOf(Date);
    expect(r.Aliases[0]!.LastUpdatedDate).toBeInstanceOf(Date);
  } },
  { op: 'ListAliases', case: 'no Limit: at most 50 per page', source: '[API] ListAliases, Limit defaults to 50', run: async () => {
    for (let i = 0; i < 40; i++) await kms().send(new CreateAliasCommand({ AliasName: `alias/page-${i}`, TargetKeyId: sym.KeyId }));
    return kms().send(new ListAliasesCommand({}));
  }, answer: (r: { Aliases: unknown[]; Truncated: boolean; NextMarker?: string }) => {
    expect(r.Aliases.length).toBe(50);
    expect(r.Truncated).toBe(true);
    expect(r.NextMarker).toBeTruthy();
  } },
  { op: 'ListAliases', case: 'Limit 0', source: '[MODEL] LimitType', run: () => kms().send(new ListAliasesCommand({ Limit: 0 })), answer: 'ValidationException' },
  { op: 'ListAliases', case: 'Limit 1001', source: '[MODEL] LimitType', run: () => kms().send(new ListAliasesCommand({ Limit: 1001 })), answer: 'ValidationException' },
  { op: 'ListAliases', case: 'a Marker it never gave', source: '[API] ListAliases, InvalidMarkerException', run: () => kms().send(new ListAliasesCommand({ Marker: 'bogus' })), answer: 'InvalidMarkerException' },
  { op: 'ListAliases', case: 'KeyId is an alias', source: '[API] ListAliases, KeyId: key id or key ARN', run: () => kms().send(new ListAliasesCommand({ KeyId: 'alias/fidelity' })), answer: 'NotFoundException' },

  // Key id forms
  { op: 'EnableKey', case: 'KeyId is an alias', source: '[API] EnableKey, KeyId: key id or key ARN', run: () => kms().send(new EnableKeyCommand({ KeyId: 'alias/fidelity' })), answer: 'NotFoundException' },
  { op: 'DisableKey', case: 'KeyId is an alias ARN', source: '[API] DisableKey, KeyId: key id or key ARN', run: () => kms().send(new DisableKeyCommand({ KeyId: `arn:aws:kms:${US}:${local.accountId}:alias/fidelity` })), answer: 'NotFoundException' },
  { op: 'ScheduleKeyDeletion', case: 'KeyId is an alias', source: '[API] ScheduleKeyDeletion, KeyId: key id or key ARN', run: () => kms().send(new ScheduleKeyDeletionCommand({ KeyId: 'alias/fidelity' })), answer: 'NotFoundException' },
  { op: 'Encrypt', case: 'KeyId is an alias ARN', source: '[API] Encrypt, KeyId: id, ARN, alias name or alias ARN', run: () => kms().send(new EncryptCommand({ KeyId: `arn:aws:kms:${US}:${local.accountId}:alias/fidelity`, Plaintext: Buffer.from('x') })), answer: (r: { KeyId: string }) => expect(r.KeyId).toBe(sym.Arn) },
  { op: 'DescribeKey', case: 'an ARN that is not a KMS ARN', source: '[REC] kubernetes-retired/kube-aws#1041: "NotFoundException: Invalid arn"', run: () => kms().send(new DescribeKeyCommand({ KeyId: 'arn:aws:s3:::bucket' })), answer: 'NotFoundException' },
  { op: 'Encrypt', case: 'the key ARN of another region', source: '[REC] kubernetes-retired/kube-aws#1041: "NotFoundException: Invalid arn", status 400', run: () => kms().send(new EncryptCommand({ KeyId: sym.Arn!.replace(US, EU), Plaintext: Buffer.from('x') })), answer: 'NotFoundException' },
  { op: 'DescribeKey', case: 'KeyId longer than 2048', source: '[MODEL] KeyIdType 1-2048', run: () => kms().send(new DescribeKeyCommand({ KeyId: 'k'.repeat(2049) })), answer: 'ValidationException' },

  // CreateAlias
  { op: 'CreateAlias', case: 'TargetKeyId is an alias', source: '[API] CreateAlias, TargetKeyId: key id or key ARN', run: () => kms().send(new CreateAliasCommand({ AliasName: 'alias/via-alias', TargetKeyId: 'alias/fidelity' })), answer: 'NotFoundException' },
  { op: 'CreateAlias', case: 'a target pending deletion', source: '[STATE] note 3', run: () => kms().send(new CreateAliasCommand({ AliasName: 'alias/to-pending', TargetKeyId: pending.KeyId })), answer: 'KMSInvalidStateException' },
  { op: 'CreateAlias', case: 'a name without the alias/ prefix', source: '[REC] aws-controllers-k8s/community#1878: "Alias must start with the prefix "alias/""', run: () => kms().send(new CreateAliasCommand({ AliasName: 'no-prefix', TargetKeyId: sym.KeyId })), answer: 'ValidationException' },
  { op: 'CreateAlias', case: 'a name with a colon', source: '[REC] hashicorp/terraform-provider-aws#12891: "contains invalid characters for an alias"', run: () => kms().send(new CreateAliasCommand({ AliasName: 'alias/a:b', TargetKeyId: sym.KeyId })), answer: 'ValidationException' },
  { op: 'CreateAlias', case: 'a name with a dot', source: '[MODEL] AliasNameType pattern', run: () => kms().send(new CreateAliasCommand({ AliasName: 'alias/a.b', TargetKeyId: sym.KeyId })), answer: 'ValidationException' },
  { op: 'CreateAlias', case: 'a name of 257 characters', source: '[MODEL] AliasNameType 1-256', run: () => kms().send(new CreateAliasCommand({ AliasName: `alias/${'a'.repeat(251)}`, TargetKeyId: sym.KeyId })), answer: 'ValidationException' },
  { op: 'CreateAlias', case: 'the reserved alias/aws/ prefix', source: '[API] CreateAlias, AliasName; InvalidAliasNameException', run: () => kms().send(new CreateAliasCommand({ AliasName: 'alias/aws/mine', TargetKeyId: sym.KeyId })), answer: 'InvalidAliasNameException' },
  { op: 'CreateAlias', case: 'a name already taken', source: '[API] CreateAlias, AlreadyExistsException', run: () => kms().send(new CreateAliasCommand({ AliasName: 'alias/fidelity', TargetKeyId: disabled.KeyId })), answer: 'AlreadyExistsException' },

  // Key states
  { op: 'ScheduleKeyDeletion', case: 'a primary with replicas: PendingReplicaDeletion, no DeletionDate', source: '[API] ScheduleKeyDeletion; [STATE] PendingReplicaDeletion', run: async () => {
    const k = await newKey({ MultiRegion: true });
    await kms().send(new ReplicateKeyCommand({ KeyId: k.KeyId, ReplicaRegion: EU }));
    const out = await kms().send(new ScheduleKeyDeletionCommand({ KeyId: k.KeyId, PendingWindowInDays: 9 }));
    const md = (await kms().send(new DescribeKeyCommand({ KeyId: k.KeyId }))).KeyMetadata!;
    const enc = await errorOf(kms().send(new EncryptCommand({ KeyId: k.KeyId, Plaintext: Buffer.from('x') })));
    const cancel = await kms().send(new CancelKeyDeletionCommand({ KeyId: k.KeyId }));
    return { out, md, enc, cancel, after: (await kms().send(new DescribeKeyCommand({ KeyId: k.KeyId }))).KeyMetadata! };
  }, answer: (r: { out: { KeyState: string; DeletionDate?: Date }; md: KeyMetadata; enc: string; after: KeyMetadata }) => {
    expect(r.out.KeyState).toBe('PendingReplicaDeletion');
    expect(r.out.DeletionDate).toBeUndefined();
    expect(r.md.PendingDeletionWindowInDays).toBe(9);
    expect(r.enc).toBe('KMSInvalidStateException');
    expect(r.after.KeyState).toBe('Disabled');
  } },
  { op: 'DescribeKey', case: 'CurrentKeyMaterialId on a symmetric key, none on a replica still Creating', source: '[API] KeyMetadata, CurrentKeyMaterialId; [REC] localstack test_kms.snapshot.json, test_replicate_key', run: async () => [(await kms().send(new DescribeKeyCommand({ KeyId: mrk.KeyId }))).KeyMetadata!, (await kms(EU).send(new DescribeKeyCommand({ KeyId: mrk.KeyId }))).KeyMetadata!], answer: ([p, r]: KeyMetadata[]) => {
    expect(p!.CurrentKeyMaterialId).toMatch(/^[0-9a-f]{64}$/);
    expect(r!.KeyState).toBe('Creating');
    expect(r!.CurrentKeyMaterialId).toBeUndefined();
  } },
  { op: 'DescribeKey', case: 'a key id that is not a UUID or mrk- id', source: '[REC] localstack test_kms.snapshot.json, test_get_key_invalid_uuid: "Invalid keyId"', run: () => kms().send(new DescribeKeyCommand({ KeyId: 'fake-key-id' })), answer: 'NotFoundException' },
  { op: 'DescribeKey', case: 'a key id of the right form that names no key', source: '[REC] localstack test_kms.snapshot.json, test_get_key_does_not_exist: "Key \'…\' does not exist"', run: () => kms().send(new DescribeKeyCommand({ KeyId: 'mrk-00000000000000000000000000000000' })), answer: 'NotFoundException' },
  { op: 'CreateKey', case: 'RSA_2048 without KeyUsage', source: '[REC] localstack test_kms.snapshot.json, test_hmac_create_key_invalid_operations: "You must specify a KeyUsage value…"', run: () => kms().send(new CreateKeyCommand({ KeySpec: 'RSA_2048' })), answer: 'ValidationException' },
  { op: 'Encrypt', case: 'RSA_2048 with RSAES_OAEP_SHA_1: 215 bytes', source: '[SPEC] 214 bytes; [REC] localstack test_kms.snapshot.json, test_encrypt_validate_plaintext_size_per_key_type', run: () => kms().send(new EncryptCommand({ KeyId: rsa.KeyId, Plaintext: new Uint8Array(215), EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' })), answer: 'ValidationException' },
  { op: 'GenerateDataKey', case: 'DryRunOperationException is an HTTP 400', source: '[REC] localstack test_kms.snapshot.json, test_generate_data_key_pair_dry_run', run: async () => {
    try {
      await dryRun('GenerateDataKey', sym);
      return 'no error';
    } catch (e) {
      return `${(e as Error).name} ${(e as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode}`;
    }
  }, answer: (r: string) => expect(r).toBe('DryRunOperationException 400') },
  { op: 'Decrypt', case: 'a disabled key', source: '[STATE] note 1', run: async () => {
    const k = await newKey();
    const e = await kms().send(new EncryptCommand({ KeyId: k.KeyId, Plaintext: Buffer.from('x') }));
    await kms().send(new DisableKeyCommand({ KeyId: k.KeyId }));
    return kms().send(new DecryptCommand({ CiphertextBlob: e.CiphertextBlob }));
  }, answer: 'DisabledException' },
  { op: 'EnableKey', case: 'a key pending deletion', source: '[STATE] note 3', run: () => kms().send(new EnableKeyCommand({ KeyId: pending.KeyId })), answer: 'KMSInvalidStateException' },
  { op: 'ScheduleKeyDeletion', case: 'a key already pending deletion', source: '[STATE] note 3', run: () => kms().send(new ScheduleKeyDeletionCommand({ KeyId: pending.KeyId })), answer: 'KMSInvalidStateException' },
  { op: 'CancelKeyDeletion', case: 'a key not pending deletion', source: '[STATE] note 4', run: () => kms().send(new CancelKeyDeletionCommand({ KeyId: sym.KeyId })), answer: 'KMSInvalidStateException' },
  { op: 'DescribeKey', case: 'a key pending deletion has DeletionDate and KeyState', source: '[API] KeyMetadata, DeletionDate', run: () => kms().send(new DescribeKeyCommand({ KeyId: pending.Arn })), answer: (r: { KeyMetadata: KeyMetadata }) => {
    expect(r.KeyMetadata.KeyState).toBe('PendingDeletion');
    expect(r.KeyMetadata.DeletionDate).toBeInstanceOf(Date);
  } },

  // DryRun
  ...(['Encrypt', 'Decrypt', 'ReEncrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext'] as const).map((op): Row => ({
    op, case: 'DryRun: true on a request that would succeed', source: `[API] ${op}, DryRun; DryRunOperationException`, run: () => dryRun(op, sym), answer: 'DryRunOperationException',
  })),
  { op: 'Encrypt', case: 'DryRun: true on a disabled key still fails as the request would', source: '[API] DryRun "checks if your request will succeed"', run: () => dryRun('Encrypt', disabled), answer: 'DisabledException' },

  // GrantTokens
  { op: 'Encrypt', case: '11 grant tokens', source: '[MODEL] GrantTokenList 0-10', run: () => kms().send(new EncryptCommand({ KeyId: sym.KeyId, Plaintext: Buffer.from('x'), GrantTokens: Array.from({ length: 11 }, () => 'AQpAM2') })), answer: 'ValidationException' },
  { op: 'Decrypt', case: 'a malformed grant token', source: '[API] Decrypt, InvalidGrantTokenException', run: () => kms().send(new DecryptCommand({ CiphertextBlob: blob, GrantTokens: ['not a token!'] })), answer: 'InvalidGrantTokenException' },
  { op: 'GenerateDataKey', case: 'a well-formed grant token (grants are not emulated: accepted)', source: '[API] GenerateDataKey, GrantTokens; [LOCAL]', run: () => kms().send(new GenerateDataKeyCommand({ KeyId: sym.KeyId, KeySpec: 'AES_256', GrantTokens: ['AQpAM2RhZTk1MGMyNTk2ZmZmMzEyYWVhOWViN2I1MWM4Mzc0MWFiYjc0ZDE1ODkyNGFlNTIzODZhMzgyZjBlNGY3NiKIAgEBAgB4Pa6'] })), answer: (r: { Plaintext: Uint8Array }) => expect(r.Plaintext.length).toBe(32) },

  // Encryption algorithms
  { op: 'Encrypt', case: 'RSAES_OAEP_SHA_256 with a symmetric key', source: '[API] Encrypt, EncryptionAlgorithm; InvalidKeyUsageException', run: () => kms().send(new EncryptCommand({ KeyId: sym.KeyId, Plaintext: Buffer.from('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })), answer: 'InvalidKeyUsageException' },
  { op: 'Decrypt', case: 'RSAES_OAEP_SHA_1 for a symmetric ciphertext', source: '[API] Decrypt, InvalidKeyUsageException', run: () => kms().send(new DecryptCommand({ CiphertextBlob: blob, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' })), answer: 'InvalidKeyUsageException' },
  { op: 'Encrypt', case: 'an algorithm outside the enum', source: '[MODEL] EncryptionAlgorithmSpec', run: () => kms().send(new EncryptCommand({ KeyId: sym.KeyId, Plaintext: Buffer.from('x'), EncryptionAlgorithm: 'AES_GCM' as never })), answer: 'ValidationException' },

  // Limits
  { op: 'Encrypt', case: 'encryption context of 8,193 characters', source: '[EC] 8,192 characters', run: () => kms().send(new EncryptCommand({ KeyId: sym.KeyId, Plaintext: Buffer.from('x'), EncryptionContext: { k: 'v'.repeat(8192) } })), answer: 'ValidationException' },
  { op: 'Encrypt', case: 'encryption context of exactly 8,192 characters', source: '[EC] 8,192 characters', run: () => kms().send(new EncryptCommand({ KeyId: sym.KeyId, Plaintext: Buffer.from('x'), EncryptionContext: { k: 'v'.repeat(8191) } })), answer: (r: { CiphertextBlob: Uint8Array }) => expect(r.CiphertextBlob.length).toBeGreaterThan(0) },
  { op: 'CreateKey', case: 'Description of 8,193 characters', source: '[MODEL] DescriptionType 0-8192', run: () => kms().send(new CreateKeyCommand({ Description: 'd'.repeat(8193) })), answer: 'ValidationException' },
  { op: 'Decrypt', case: 'CiphertextBlob of 6,145 bytes', source: '[MODEL] CiphertextType 1-6144', run: () => kms().send(new DecryptCommand({ CiphertextBlob: new Uint8Array(6145) })), answer: 'ValidationException' },
  { op: 'Encrypt', case: 'Plaintext of 4,097 bytes', source: '[MODEL] PlaintextType 1-4096', run: () => kms().send(new EncryptCommand({ KeyId: sym.KeyId, Plaintext: new Uint8Array(4097) })), answer: 'ValidationException' },
  { op: 'ScheduleKeyDeletion', case: 'PendingWindowInDays 7.5', source: '[MODEL] PendingWindowInDaysType is an integer', run: () => kms().send(new ScheduleKeyDeletionCommand({ KeyId: sym.KeyId, PendingWindowInDays: 7.5 })), answer: 'ValidationException' },
  { op: 'ScheduleKeyDeletion', case: 'PendingWindowInDays 6', source: '[API] ScheduleKeyDeletion, 7 to 30', run: () => kms().send(new ScheduleKeyDeletionCommand({ KeyId: sym.KeyId, PendingWindowInDays: 6 })), answer: 'ValidationException' },
  { op: 'ScheduleKeyDeletion', case: 'PendingWindowInDays 31', source: '[API] ScheduleKeyDeletion, 7 to 30', run: () => kms().send(new ScheduleKeyDeletionCommand({ KeyId: sym.KeyId, PendingWindowInDays: 31 })), answer: 'ValidationException' },
  { op: 'CreateKey', case: 'KeySpec outside the enum', source: '[MODEL] KeySpec enum', run: () => kms().send(new CreateKeyCommand({ KeySpec: 'AES_512' as never })), answer: 'ValidationException' },
  { op: 'GenerateDataKey', case: 'KeySpec outside the enum', source: '[MODEL] DataKeySpec enum', run: () => kms().send(new GenerateDataKeyCommand({ KeyId: sym.KeyId, KeySpec: 'AES_512' as never })), answer: 'ValidationException' },
  { op: 'GenerateDataKey', case: 'NumberOfBytes 1025', source: '[MODEL] NumberOfBytesType 1-1024', run: () => kms().send(new GenerateDataKeyCommand({ KeyId: sym.KeyId, NumberOfBytes: 1025 })), answer: 'ValidationException' },
  { op: 'GenerateDataKey', case: 'neither KeySpec nor NumberOfBytes', source: '[API] GenerateDataKey, one of KeySpec or NumberOfBytes', run: () => kms().send(new GenerateDataKeyCommand({ KeyId: sym.KeyId })), answer: 'ValidationException' },

  // Authentication
  { op: 'GetCallerIdentity', case: 'an unknown access key', source: '[STS] InvalidClientTokenId, 403', run: () => sts({ accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' }), answer: 'InvalidClientTokenId 403' },
  { op: 'GetCallerIdentity', case: 'a wrong secret key', source: '[STS] SignatureDoesNotMatch, 403', run: () => sts({ accessKeyId: local.credentials.accessKeyId, secretAccessKey: 'wrong' }), answer: 'SignatureDoesNotMatch 403' },
  { op: 'ListKeys', case: 'an unknown access key', source: '[API] Common errors, UnrecognizedClientException', run: () => new KMSClient({ region: US, endpoint: local.endpoints[US], credentials: { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' }, maxAttempts: 1 }).send(new ListKeysCommand({})), answer: 'UnrecognizedClientException' },
  { op: 'ListKeys', case: 'a wrong secret key', source: '[API] Common errors, InvalidSignatureException', run: () => new KMSClient({ region: US, endpoint: local.endpoints[US], credentials: { ...local.credentials, secretAccessKey: 'wrong' }, maxAttempts: 1 }).send(new ListKeysCommand({})), answer: 'InvalidSignatureException' },

  // Asymmetric RSA ENCRYPT_DECRYPT keys
  { op: 'CreateKey', case: 'RSA_2048 with ENCRYPT_DECRYPT', source: '[API] CreateKey, KeySpec; [SPEC] RSA', run: async () => rsa, answer: (md: KeyMetadata) => {
    expect(md.KeySpec).toBe('RSA_2048');
    expect(md.EncryptionAlgorithms).toEqual(['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256']);
    expect(md.CurrentKeyMaterialId).toBeUndefined();
  } },
  { op: 'Encrypt', case: 'RSAES_OAEP_SHA_256 with an RSA key, then Decrypt with KeyId', source: '[API] Encrypt, Decrypt (KeyId required for asymmetric)', run: async () => {
    const e = await kms().send(new EncryptCommand({ KeyId: rsa.KeyId, Plaintext: Buffer.from('rsa secret'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
    return kms().send(new DecryptCommand({ KeyId: rsa.Arn, CiphertextBlob: e.CiphertextBlob, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
  }, answer: (r: { Plaintext: Uint8Array; EncryptionAlgorithm: string }) => {
    expect(Buffer.from(r.Plaintext).toString()).toBe('rsa secret');
    expect(r.EncryptionAlgorithm).toBe('RSAES_OAEP_SHA_256');
  } },
  { op: 'GetPublicKey', case: 'the DER public key encrypts what KMS decrypts (RSAES_OAEP_SHA_1)', source: '[API] GetPublicKey', run: async () => {
    const pub = await kms().send(new GetPublicKeyCommand({ KeyId: 'alias/fidelity-rsa' }));
    const key = createPublicKey({ key: Buffer.from(pub.PublicKey!), format: 'der', type: 'spki' });
    const ct = publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from('offline'));
    return kms().send(new DecryptCommand({ KeyId: rsa.KeyId, CiphertextBlob: ct, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }));
  }, answer: (r: { Plaintext: Uint8Array }) => expect(Buffer.from(r.Plaintext).toString()).toBe('offline') },
  { op: 'Encrypt', case: 'an RSA key without EncryptionAlgorithm (SYMMETRIC_DEFAULT)', source: '[API] Encrypt, EncryptionAlgorithm required for asymmetric keys', run: () => kms().send(new EncryptCommand({ KeyId: rsa.KeyId, Plaintext: Buffer.from('x') })), answer: 'InvalidKeyUsageException' },
  { op: 'Encrypt', case: 'RSA_2048 with RSAES_OAEP_SHA_256: 191 bytes', source: '[SPEC] RSA_2048 OAEP SHA-256: 190 bytes', run: () => kms().send(new EncryptCommand({ KeyId: rsa.KeyId, Plaintext: new Uint8Array(191), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })), answer: 'ValidationException' },
  { op: 'GenerateDataKey', case: 'an RSA key', source: '[API] GenerateDataKey, symmetric keys only; InvalidKeyUsageException', run: () => kms().send(new GenerateDataKeyCommand({ KeyId: rsa.KeyId, KeySpec: 'AES_256' })), answer: 'InvalidKeyUsageException' },
  { op: 'GetPublicKey', case: 'a symmetric key', source: '[API] GetPublicKey, UnsupportedOperationException', run: () => kms().send(new GetPublicKeyCommand({ KeyId: sym.KeyId })), answer: 'UnsupportedOperationException' },
  { op: 'CreateKey', case: 'ECC_NIST_P256 SIGN_VERIFY', source: '[LOCAL] signing keys are not emulated', run: () => kms().send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })), answer: 'UnsupportedOperationException' },

  // Key ids in every form, and the checks of Decrypt / ReEncrypt
  ...(['KeyId', 'Arn', 'alias', 'aliasArn'] as const).map((form): Row => ({
    op: 'DescribeKey', case: `KeyId as ${form}`, source: '[API] DescribeKey, KeyId: key id, key ARN, alias name or alias ARN',
    run: () => kms().send(new DescribeKeyCommand({ KeyId: form === 'KeyId' ? sym.KeyId : form === 'Arn' ? sym.Arn : form === 'alias' ? 'alias/fidelity' : `arn:aws:kms:${US}:${local.accountId}:alias/fidelity` })),
    answer: (r: { KeyMetadata: KeyMetadata }) => expect(r.KeyMetadata.KeyId).toBe(sym.KeyId),
  })),
  { op: 'DescribeKey', case: 'an empty KeyId', source: '[MODEL] KeyIdType 1-2048', run: () => kms().send(new DescribeKeyCommand({ KeyId: '' })), answer: 'ValidationException' },
  { op: 'Encrypt', case: 'no KeyId', source: '[MODEL] Encrypt, KeyId required', run: () => kms().send(new EncryptCommand({ Plaintext: Buffer.from('x') } as never)), answer: 'ValidationException' },
  { op: 'Encrypt', case: 'no Plaintext', source: '[MODEL] Encrypt, Plaintext required', run: () => kms().send(new EncryptCommand({ KeyId: sym.KeyId } as never)), answer: 'ValidationException' },
  { op: 'Encrypt', case: 'a disabled key', source: '[STATE] note 1', run: () => kms().send(new EncryptCommand({ KeyId: disabled.KeyId, Plaintext: Buffer.from('x') })), answer: 'DisabledException' },
  { op: 'Decrypt', case: 'a KeyId that is not the ciphertext\'s key', source: '[API] Decrypt, IncorrectKeyException', run: () => kms().send(new DecryptCommand({ CiphertextBlob: blob, KeyId: disabled.KeyId })), answer: 'IncorrectKeyException' },
  { op: 'Decrypt', case: 'a KeyId that names no key', source: '[API] Decrypt, NotFoundException', run: () => kms().send(new DecryptCommand({ CiphertextBlob: blob, KeyId: 'alias/none' })), answer: 'NotFoundException' },
  { op: 'Decrypt', case: 'another encryption context', source: '[API] Decrypt, InvalidCiphertextException', run: () => kms().send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { a: 'b' } })), answer: 'InvalidCiphertextException' },
  { op: 'Decrypt', case: 'an RSA ciphertext without KeyId', source: '[API] Decrypt, KeyId required for asymmetric keys', run: async () => {
    const e = await kms().send(new EncryptCommand({ KeyId: rsa.KeyId, Plaintext: Buffer.from('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }));
    return kms().send(new DecryptCommand({ CiphertextBlob: e.CiphertextBlob, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }));
  }, answer: 'InvalidCiphertextException' },
  { op: 'ReEncrypt', case: 'a disabled destination key', source: '[STATE] note 1', run: () => kms().send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: disabled.KeyId })), answer: 'DisabledException' },
  { op: 'ReEncrypt', case: 'a SourceKeyId that is not the ciphertext\'s key', source: '[API] ReEncrypt, IncorrectKeyException', run: () => kms().send(new ReEncryptCommand({ CiphertextBlob: blob, SourceKeyId: disabled.KeyId, DestinationKeyId: sym.KeyId })), answer: 'IncorrectKeyException' },
  { op: 'ReEncrypt', case: 'from a symmetric key to an RSA key', source: '[API] ReEncrypt, DestinationEncryptionAlgorithm', run: () => kms().send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: rsa.KeyId, DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })), answer: (r: { KeyId: string; DestinationEncryptionAlgorithm: string }) => {
    expect(r.KeyId).toBe(rsa.Arn);
    expect(r.DestinationEncryptionAlgorithm).toBe('RSAES_OAEP_SHA_256');
  } },
  { op: 'GenerateDataKey', case: 'both KeySpec and NumberOfBytes', source: '[API] GenerateDataKey, KeySpec or NumberOfBytes, not both', run: () => kms().send(new GenerateDataKeyCommand({ KeyId: sym.KeyId, KeySpec: 'AES_256', NumberOfBytes: 32 })), answer: 'ValidationException' },
  { op: 'GenerateDataKeyWithoutPlaintext', case: 'answers no Plaintext', source: '[API] GenerateDataKeyWithoutPlaintext', run: () => kms().send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: 'alias/fidelity', NumberOfBytes: 64 })), answer: (r: object) => expect(r).not.toHaveProperty('Plaintext') },
  { op: 'GetPublicKey', case: 'a disabled RSA key', source: '[STATE] note 1', run: async () => {
    const k = await newKey({ KeySpec: 'RSA_3072', KeyUsage: 'ENCRYPT_DECRYPT' });
    await kms().send(new DisableKeyCommand({ KeyId: k.KeyId }));
    return kms().send(new GetPublicKeyCommand({ KeyId: k.KeyId }));
  }, answer: 'DisabledException' },

  // States of replicas and deletion
  { op: 'DisableKey', case: 'a replica still Creating', source: '[STATE] note 14', run: () => kms(EU).send(new DisableKeyCommand({ KeyId: mrk.KeyId })), answer: 'KMSInvalidStateException' },
  { op: 'CreateAlias', case: 'a replica still Creating', source: '[STATE] CreateAlias allowed while Creating', run: () => kms(EU).send(new CreateAliasCommand({ AliasName: 'alias/on-creating', TargetKeyId: mrk.KeyId })), answer: (r: object) => expect(r).toBeDefined() },
  { op: 'ReplicateKey', case: 'a replica as KeyId', source: '[API] ReplicateKey, a multi-Region primary key', run: () => kms(EU).send(new ReplicateKeyCommand({ KeyId: mrk.KeyId, ReplicaRegion: AP })), answer: 'UnsupportedOperationException' },
  { op: 'ScheduleKeyDeletion', case: 'no PendingWindowInDays: 30 days', source: '[API] ScheduleKeyDeletion, default 30', run: async () => kms().send(new ScheduleKeyDeletionCommand({ KeyId: (await newKey()).KeyId })), answer: (r: { PendingWindowInDays: number; KeyState: string; DeletionDate: Date }) => {
    expect([r.PendingWindowInDays, r.KeyState]).toEqual([30, 'PendingDeletion']);
    expect(r.DeletionDate.getTime() - Date.now()).toBeGreaterThan(29 * 86400_000);
  } },
  { op: 'ScheduleKeyDeletion', case: 'a replica still Creating: allowed, with a DeletionDate', source: '[STATE] ScheduleKeyDeletion allowed while Creating', run: async () => {
    const k = await newKey({ MultiRegion: true });
    await kms().send(new ReplicateKeyCommand({ KeyId: k.KeyId, ReplicaRegion: AP }));
    return kms(AP).send(new ScheduleKeyDeletionCommand({ KeyId: k.KeyId, PendingWindowInDays: 7 }));
  }, answer: (r: { KeyState: string; DeletionDate?: Date }) => {
    expect(r.KeyState).toBe('PendingDeletion');
    expect(r.DeletionDate).toBeInstanceOf(Date);
  } },
  { op: 'ListKeys', case: 'keys pending deletion are listed', source: '[API] ListKeys: all keys in the account and Region', run: () => walk((Marker) => kms().send(new ListKeysCommand({ ...(Marker ? { Marker } : {}) })), (p: { Keys?: { KeyId?: string }[] }) => p.Keys!.map((k) => k.KeyId!)), answer: (ids: string[]) => expect(ids).toContain(pending.KeyId) },
  { op: 'ListAliases', case: 'Limit 200 returns at most 100', source: '[API] ListAliases, Limit: 1 to 100', run: () => kms().send(new ListAliasesCommand({ Limit: 200 })), answer: (r: { Aliases: unknown[] }) => expect(r.Aliases.length).toBeLessThanOrEqual(100) },
  { op: 'ListAliases', case: 'KeyId of a key that does not exist', source: '[API] ListAliases, NotFoundException', run: () => kms().send(new ListAliasesCommand({ KeyId: '00000000-0000-0000-0000-000000000000' })), answer: 'NotFoundException' },
  { op: 'CreateKey', case: 'Origin EXTERNAL (imported key material)', source: '[LOCAL] imported key material is not emulated', run: () => kms().send(new CreateKeyCommand({ Origin: 'EXTERNAL' })), answer: 'UnsupportedOperationException' },
  { op: 'CreateKey', case: 'a Policy that is not JSON', source: '[API] CreateKey, MalformedPolicyDocumentException', run: () => kms().send(new CreateKeyCommand({ Policy: 'not json' })), answer: 'MalformedPolicyDocumentException' },
];

async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    return (e as Error).name;
  }
}

function replicate(region: string): Promise<unknown> {
  return kms().send(new ReplicateKeyCommand({ KeyId: mrk.Arn, ReplicaRegion: region }));
}

async function walk<P extends { NextMarker?: string; Truncated?: boolean }, T>(page: (marker?: string) => Promise<P>, items: (p: P) => T[]): Promise<T[]> {
  const all: T[] = [];
  let marker: string | undefined;
  for (let i = 0; i < 100; i++) {
    const p = await page(marker);
    all.push(...items(p));
    if (!p.Truncated) return all;
    marker = p.NextMarker;
  }
  throw new Error('pagination did not end');
}

function dryRun(op: 'Encrypt' | 'Decrypt' | 'ReEncrypt' | 'GenerateDataKey' | 'GenerateDataKeyWithoutPlaintext', k: KeyMetadata): Promise<unknown> {
  const c = kms();
  switch (op) {
    case 'Encrypt': return c.send(new EncryptCommand({ KeyId: k.KeyId, Plaintext: Buffer.from('x'), DryRun: true }));
    case 'Decrypt': return c.send(new DecryptCommand({ CiphertextBlob: blob, DryRun: true }));
    case 'ReEncrypt': return c.send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: k.KeyId, DryRun: true }));
    case 'GenerateDataKey': return c.send(new GenerateDataKeyCommand({ KeyId: k.KeyId, KeySpec: 'AES_256', DryRun: true }));
    case 'GenerateDataKeyWithoutPlaintext': return c.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: k.KeyId, KeySpec: 'AES_256', DryRun: true }));
  }
}

async function sts(credentials: { accessKeyId: string; secretAccessKey: string }): Promise<unknown> {
  const c = new STSClient({ region: US, endpoint: local.endpoints[US], credentials, maxAttempts: 1 });
  try {
    return await c.send(new GetCallerIdentityCommand({}));
  } catch (e) {
    throw Object.assign(new Error(), { name: `${(e as Error).name} ${(e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode}` });
  } finally {
    c.destroy();
  }
}

beforeAll(async () => {
  // Replicas stay Creating for the whole file, as a slow AWS replication would.
  local = await startKmsLocal({ regions: [US, EU, AP], replicaDelayMs: 10 * 60_000 });
  sym = await newKey({ Description: 'fidelity' });
  await kms().send(new CreateAliasCommand({ AliasName: 'alias/fidelity', TargetKeyId: sym.KeyId }));
  disabled = await newKey();
  await kms().send(new DisableKeyCommand({ KeyId: disabled.KeyId }));
  pending = await newKey();
  await kms().send(new ScheduleKeyDeletionCommand({ KeyId: pending.KeyId, PendingWindowInDays: 7 }));
  mrk = await newKey({ MultiRegion: true, Description: 'the primary\'s description' });
  rsa = await newKey({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' });
  await kms().send(new CreateAliasCommand({ AliasName: 'alias/fidelity-rsa', TargetKeyId: rsa.Arn }));
  blob = (await kms().send(new EncryptCommand({ KeyId: sym.KeyId, Plaintext: Buffer.from('fixture') }))).CiphertextBlob!;
}, 60_000);
afterAll(async () => {
  for (const c of clients.values()) c.destroy();
  await local.close();
});

describe('kms-local answers as AWS documents', () => {
  for (const row of ROWS) {
    it(`${row.op}: ${row.case} → ${typeof row.answer === 'string' ? row.answer : 'as documented'} (${row.source})`, async () => {
      if (typeof row.answer === 'string') {
        expect(await errorOf(row.run())).toBe(row.answer);
      } else {
        await row.answer((await row.run()) as never);
      }
    }, 60_000);
  }
});
