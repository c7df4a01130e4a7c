/**
 * The input side of the AWS KMS service model (2014-11-01) for the operations kms-local serves, as
 * data: each member's shape with the model's constraints (length, range, pattern, enum), whether it
 * is required, which key-id forms it takes, and the few limits the API reference documents beyond
 * the model (marked `documented`). `validate_input.ts` is the only reader.
 *
 * Sources: the service model (`kms` 2014-11-01, as shipped in the AWS SDKs) for shapes and
 * constraints; the AWS KMS API Reference for the documented limits and key-id forms.
 */

/** A shape of the model with its constraints. */
export type Shape =
  | { readonly type: 'string'; readonly min?: number; readonly max?: number; readonly pattern?: RegExp; readonly enum?: readonly string[] }
  | { readonly type: 'blob'; readonly min?: number; readonly max?: number; readonly sensitive?: boolean }
  | { readonly type: 'integer'; readonly min?: number; readonly max?: number }
  | { readonly type: 'boolean' }
  | { readonly type: 'list'; readonly member: Shape; readonly min?: number; readonly max?: number }
  | { readonly type: 'map'; readonly key: Shape; readonly value: Shape }
  | { readonly type: 'structure' };

/**
 * Which identifiers a KeyId member accepts (API reference, per operation):
 * `any`: key id, key ARN, alias name or alias ARN; `key`: key id or key ARN only.
 */
export type KeyIdForm = 'any' | 'key';

/** One input member of an operation. */
export interface Member {
  readonly shape: Shape;
  readonly required?: boolean;
  /** For key identifiers: the forms the operation takes. */
  readonly keyId?: KeyIdForm;
  /** A limit the API reference documents beyond the model's constraint. */
  readonly documented?: { readonly min?: number; readonly max?: number };
  /**
   * Rules AWS applies after the model's constraints, each its own ValidationException: the first
   * whose `pattern` the value does not match answers `message` (`{value}` is the value).
   */
  readonly rules?: readonly { readonly pattern: RegExp; readonly message: string }[];
}

/** One operation: its input members, and members of which exactly one must be given. */
export interface OperationModel {
  readonly input: Readonly<Record<string, Member>>;
  readonly exactlyOne?: { readonly members: readonly string[]; readonly message: string };
}

// GenerateDataKey(WithoutPlaintext): "specify either the KeySpec or the NumberOfBytes parameter (but not both)".
const keySpecOrBytes = { members: ['KeySpec', 'NumberOfBytes'], message: 'Please specify either number of bytes or key spec.' } as const;

const S = {
  KeyIdType: { type: 'string', min: 1, max: 2048 },
  AliasNameType: { type: 'string', min: 1, max: 256, pattern: /^[a-zA-Z0-9:/_-]+$/ },
  DescriptionType: { type: 'string', min: 0, max: 8192 },
  PolicyType: { type: 'string', min: 1, max: 131072, pattern: /^[\u0009\u000A\u000D\u0020-\u00FF]+$/ },
  CiphertextType: { type: 'blob', min: 1, max: 6144 },
  PlaintextType: { type: 'blob', min: 1, max: 4096, sensitive: true },
  GrantTokenList: { type: 'list', min: 0, max: 10, member: { type: 'string', min: 1, max: 8192 } },
  EncryptionContextType: { type: 'map', key: { type: 'string' }, value: { type: 'string' } },
  EncryptionAlgorithmSpec: { type: 'string', enum: ['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE'] },
  DataKeySpec: { type: 'string', enum: ['AES_256', 'AES_128'] },
  NumberOfBytesType: { type: 'integer', min: 1, max: 1024 },
  LimitType: { type: 'integer', min: 1, max: 1000 },
  MarkerType: { type: 'string', min: 1, max: 1024, pattern: /^[\u0020-\u00FF]*$/ },
  PendingWindowInDaysType: { type: 'integer', min: 1, max: 365 },
  RegionType: { type: 'string', min: 1, max: 32, pattern: /^([a-z]+-){2,3}\d+$/ },
  KeyUsageType: { type: 'string', enum: ['SIGN_VERIFY', 'ENCRYPT_DECRYPT', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT'] },
  CustomerMasterKeySpec: {
    type: 'string',
    enum: ['RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1', 'SYMMETRIC_DEFAULT', 'HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512', 'SM2'],
  },
  KeySpec: {
    type: 'string',
    enum: [
      'RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1', 'SYMMETRIC_DEFAULT',
      'HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512', 'SM2', 'ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87', 'ECC_NIST_EDWARDS25519',
    ],
  },
  OriginType: { type: 'string', enum: ['AWS_KMS', 'EXTERNAL', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE'] },
  CustomKeyStoreIdType: { type: 'string', min: 1, max: 64 },
  XksKeyIdType: { type: 'string', min: 1, max: 128, pattern: /^[a-zA-Z0-9-_.]+$/ },
  DryRunModifierList: { type: 'list', member: { type: 'string', enum: ['IGNORE_CIPHERTEXT'] } },
  TagList: { type: 'list', member: { type: 'structure' } },
  Boolean: { type: 'boolean' },
  Structure: { type: 'structure' },
} as const satisfies Record<string, Shape>;

const grantTokens: Member = { shape: S.GrantTokenList };
const dryRun: Member = { shape: S.Boolean };
const context: Member = { shape: S.EncryptionContextType };
const anyKey = (required: boolean): Member => ({ shape: S.KeyIdType, keyId: 'any', ...(required ? { required } : {}) });
const keyOnly: Member = { shape: S.KeyIdType, keyId: 'key', required: true };

/** The operations kms-local answers, with their input members. */
export const SERVICE_MODEL: Readonly<Record<string, OperationModel>> = {
  CreateKey: {
    input: {
      Policy: { shape: S.PolicyType },
      Description: { shape: S.DescriptionType },
      KeyUsage: { shape: S.KeyUsageType },
      CustomerMasterKeySpec: { shape: S.CustomerMasterKeySpec },
      KeySpec: { shape: S.KeySpec },
      Origin: { shape: S.OriginType },
      CustomKeyStoreId: { shape: S.CustomKeyStoreIdType },
      BypassPolicyLockoutSafetyCheck: { shape: S.Boolean },
      Tags: { shape: S.TagList },
      MultiRegion: { shape: S.Boolean },
      XksKeyId: { shape: S.XksKeyIdType },
    },
  },
  DescribeKey: { input: { KeyId: anyKey(true), GrantTokens: grantTokens } },
  GetPublicKey: { input: { KeyId: anyKey(true), GrantTokens: grantTokens } },
  ListKeys: { input: { Limit: { shape: S.LimitType }, Marker: { shape: S.MarkerType } } },
  CreateAlias: {
    input: {
      AliasName: {
        shape: S.AliasNameType,
        required: true,
        // Recorded AWS answers (aws-controllers-k8s/community#1878, hashicorp/terraform-provider-aws#12891).
        rules: [
          { pattern: /^alias\//, message: 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html' },
          { pattern: /^[^:]*$/, message: '{value} contains invalid characters for an alias' },
        ],
      },
      TargetKeyId: keyOnly,
    },
  },
  ListAliases: {
    input: { KeyId: { shape: S.KeyIdType, keyId: 'key' }, Limit: { shape: S.LimitType }, Marker: { shape: S.MarkerType } },
  },
  ReplicateKey: {
    input: {
      KeyId: keyOnly,
      ReplicaRegion: { shape: S.RegionType, required: true },
      Policy: { shape: S.PolicyType },
      BypassPolicyLockoutSafetyCheck: { shape: S.Boolean },
      Description: { shape: S.DescriptionType },
      Tags: { shape: S.TagList },
    },
  },
  Encrypt: {
    input: {
      KeyId: anyKey(true),
      Plaintext: { shape: S.PlaintextType, required: true },
      EncryptionContext: context,
      GrantTokens: grantTokens,
      EncryptionAlgorithm: { shape: S.EncryptionAlgorithmSpec },
      DryRun: dryRun,
    },
  },
  Decrypt: {
    input: {
      // Optional in the model since Recipient exists; the API reference requires it (Recipient is not emulated).
      CiphertextBlob: { shape: S.CiphertextType, required: true },
      EncryptionContext: context,
      GrantTokens: grantTokens,
      KeyId: anyKey(false),
      EncryptionAlgorithm: { shape: S.EncryptionAlgorithmSpec },
      Recipient: { shape: S.Structure },
      DryRun: dryRun,
      DryRunModifiers: { shape: S.DryRunModifierList },
    },
  },
  ReEncrypt: {
    input: {
      CiphertextBlob: { shape: S.CiphertextType, required: true },
      SourceEncryptionContext: context,
      SourceKeyId: anyKey(false),
      DestinationKeyId: anyKey(true),
      DestinationEncryptionContext: context,
      SourceEncryptionAlgorithm: { shape: S.EncryptionAlgorithmSpec },
      DestinationEncryptionAlgorithm: { shape: S.EncryptionAlgorithmSpec },
      GrantTokens: grantTokens,
      DryRun: dryRun,
      DryRunModifiers: { shape: S.DryRunModifierList },
    },
  },
  GenerateDataKey: {
    exactlyOne: keySpecOrBytes,
    input: {
      KeyId: anyKey(true),
      EncryptionContext: context,
      NumberOfBytes: { shape: S.NumberOfBytesType },
      KeySpec: { shape: S.DataKeySpec },
      GrantTokens: grantTokens,
      Recipient: { shape: S.Structure },
      DryRun: dryRun,
    },
  },
  GenerateDataKeyWithoutPlaintext: {
    exactlyOne: keySpecOrBytes,
    input: {
      KeyId: anyKey(true),
      EncryptionContext: context,
      KeySpec: { shape: S.DataKeySpec },
      NumberOfBytes: { shape: S.NumberOfBytesType },
      GrantTokens: grantTokens,
      DryRun: dryRun,
    },
  },
  EnableKey: { input: { KeyId: keyOnly } },
  DisableKey: { input: { KeyId: keyOnly } },
  CancelKeyDeletion: { input: { KeyId: keyOnly } },
  ScheduleKeyDeletion: {
    // API reference: "If you include a value, it must be between 7 and 30, inclusive" (model: 1-365).
    input: { KeyId: keyOnly, PendingWindowInDays: { shape: S.PendingWindowInDaysType, documented: { min: 7, max: 30 } } },
  },
};

/**
 * Limits the API reference and the developer guide document outside the model.
 * Encryption context: "up to 8,192 characters" of keys and values together (developer guide,
 * Encryption context). Grant tokens: see `grant_tokens` in validate_input.ts.
 */
export const MAX_ENCRYPTION_CONTEXT_CHARS = 8192;
