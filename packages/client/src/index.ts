/**
 * @envelope/client: the one import an application needs. Re-exports the public surface of the core
 * (encrypt, decrypt, streams, errors, types), every keyring, and the config registry.
 * @packageDocumentation
 */
export {
  encrypt,
  decrypt,
  encryptStream,
  decryptStream,
  parseHeader,
  EnvelopeError,
  MalformedMessageError,
  TruncatedMessageError,
  UnsupportedSuiteError,
  AuthenticationError,
  CommitmentMismatchError,
  SignatureError,
  CommitmentPolicyError,
  EncryptionContextError,
  LimitExceededError,
  NoKeyDecryptedError,
  KeyringError,
  KmsRequestError,
  ConfigError,
  AbortedError,
  InvalidArgumentError,
  isEnvelopeError,
  ConfigReader,
  SUITES,
  SUITE_IDS,
  DEFAULT_SUITE_ID,
  DEFAULT_COMMITMENT_POLICY,
  DEFAULT_FRAME_LENGTH,
  findSuite,
  isPlannable,
  NOT_MINE,
  runDecrypt,
  planDecrypt,
  RawKeyring,
  AvailabilityEvents,
  serviceKey,
  DefaultMaterialsManager,
  isMaterialsManager,
  isKeyring,
  COMMITMENT_POLICIES,
} from '@envelope/core';
export type {
  EncryptOptions,
  DecryptOptions,
  EncryptResult,
  DecryptResult,
  EnvelopeErrorCode,
  AnyEnvelopeError,
  KeyAttempt,
  AlgorithmSuite,
  SuiteId,
  EncryptionContext,
  CommitmentPolicy,
  EncryptedDataKey,
  KeyDescription,
  EncryptionMaterials,
  DecryptionMaterials,
  KeyringCallOptions,
  Keyring,
  DecryptCandidate,
  CandidateCallOptions,
  NotMine,
  PlannableKeyring,
  DecryptRunOptions,
  Availability,
  AvailabilityAware,
  AvailabilityEvent,
  AvailabilityListener,
  BreakerState,
  CallOutcome,
  HedgingPolicy,
  ServiceKey,
  ServiceResolver,
  ServiceContext,
  MessageHeader,
  KmsSettings,
  ProviderContext,
  KeyringProvider,
  MaterialsManager,
  EncryptionRequest,
  DecryptionRequest,
  CommitmentPolicyRule,
} from '@envelope/core';
export { RawAesKeyring, rawAesProvider } from '@envelope/keyring-raw-aes';
export type { RawAesKeyringOptions } from '@envelope/keyring-raw-aes';
export { RawRsaKeyring, rawRsaProvider, generateRsaKeyPair, loadRsaPublicKey, loadRsaPrivateKey, loadPkcs12, RSA_PADDINGS } from '@envelope/keyring-raw-rsa';
export type { RawRsaKeyringOptions, RsaPadding } from '@envelope/keyring-raw-rsa';
export { KmsKeyring, RegionHealth, RegionUnavailableError, kmsProvider, KMS_PROVIDER_ID, REGION_HEALTH, KMS_CLIENT_POOL } from '@envelope/keyring-kms';
export type { KmsKeyringOptions, RegionHealthOptions, AwsCredentials } from '@envelope/keyring-kms';
export { MultiKeyring, multiProvider } from '@envelope/keyring-multi';
export type { MultiKeyringOptions, HedgingOptions } from '@envelope/keyring-multi';
export { ThresholdKeyring, thresholdProvider, readShareInfo, writeShareInfo, describeShareEdk, SHARE_INFO_VERSION } from '@envelope/keyring-threshold';
export type { ThresholdKeyringOptions, ThresholdConfig, ShareInfo } from '@envelope/keyring-threshold';
export { Registry, createRegistry, keyringFromConfig } from '@envelope/registry';
export type { KeyringFromConfigOptions } from '@envelope/registry';
