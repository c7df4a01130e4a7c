export {
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
  ConfigError,
  AbortedError,
  InvalidArgumentError,
  isEnvelopeError,
  needs,
} from './errors.js';
export type { AnyEnvelopeError, CoreEnvelopeError, CoreErrorCode, EnvelopeErrorCode, KeyAttempt, PackageErrors } from './errors.js';
export { SUITES, SUITE_IDS, DEFAULT_SUITE_ID, findSuite, suiteLabel } from './suites.js';
export type { AlgorithmSuite, HashName, KdfName, SuiteId, SuiteSignature } from './suites.js';
/** The crypto backend this build of core runs on (node:crypto in Node, WebCrypto in browsers): for keyrings that run in both. */
export { backend as cryptoBackend } from '#crypto-backend';
export type {
  CryptoBackend,
  MaybePromise,
  EcCurve,
  AesKey,
  SigningKey,
  VerificationKey,
  GcmBatch,
  GcmSealing,
  GcmOpening,
  IncrementalHash,
  Signer,
  ThreadSigner,
  ThreadVerifier,
  Verifier,
} from './crypto/backend.js';
export { cryptoBackendInfo } from './crypto/backend_in_use.js';
export type { CryptoBackendInfo } from './crypto/backend_in_use.js';
export { NOT_MINE, isPlannable } from './materials.js';
export { DEFAULT_COMMITMENT_POLICY, COMMITMENT_POLICIES, policyRule, checkEncryptSuite, checkDecryptSuite, encryptionSuiteFor } from './commitment_policy.js';
export type { CommitmentPolicyRule, NamedCommitmentPolicyRule } from './commitment_policy.js';
export { isMaterialsManager, isKeyring } from './materials_manager.js';
export type { MaterialsManager, EncryptionRequest, DecryptionRequest } from './materials_manager.js';
export { DefaultMaterialsManager, toMaterialsManager } from './managers/default_materials_manager.js';
export { CachingMaterialsManager } from './managers/caching_materials_manager.js';
export type { CachingMaterialsManagerOptions, CacheStats } from './managers/caching_materials_manager.js';
export { InMemoryMaterialsCache } from './managers/materials_cache.js';
export type { MaterialsCache, EncryptionCacheEntry, DecryptionCacheEntry, InMemoryMaterialsCacheOptions } from './managers/materials_cache.js';
export { RequiredEncryptionContextManager } from './managers/required_encryption_context_manager.js';
export type { RequiredEncryptionContextManagerOptions } from './managers/required_encryption_context_manager.js';
export type {
  EncryptionContext,
  CommitmentPolicy,
  EncryptedDataKey,
  KeyDescription,
  SkippedKey,
  EncryptionMaterials,
  DecryptionMaterials,
  KeyringCallOptions,
  Keyring,
  DecryptCandidate,
  CandidateCallOptions,
  NotMine,
  PlannableKeyring,
} from './materials.js';
export type { MessageHeader } from './header_types.js';
export type { ProviderContext, KeyringProvider } from './provider.js';
export type { RemoteCallSettings } from './remote_settings.js';
export { ConfigReader } from './config_reader.js';
export { encrypt } from './encrypt.js';
export type { EncryptResult } from './encrypt.js';
export { decrypt } from './decrypt.js';
export type { DecryptResult } from './decrypt.js';
export { encryptStream, decryptStream } from './streams.js';
export { startMessageWriter } from './message_writer.js';
export type { LentSink, MessageWriter } from './message_writer.js';
export { messageReader } from './message_reader.js';
export type { MessageReader } from './message_reader.js';
export type { EncryptingStream, DecryptingStream } from './web/web_streams.js';
export { rewrap } from './rewrap.js';
export type { RewrapOptions, RewrapResult } from './rewrap.js';
export { rewrapStream } from './rewrap_stream.js';
export { parseHeader } from './parse_header.js';
export type { EncryptOptions, DecryptOptions } from './options.js';
export { DEFAULT_FRAME_LENGTH, DEFAULT_MAX_BODY_SIZE, DEFAULT_MAX_FRAME_LENGTH, DEFAULT_MAX_HEADER_SIZE } from './options.js';
export { serializeEncryptionContext, parseEncryptionContext, PUBLIC_KEY_CONTEXT_KEY, RESERVED_PREFIX } from './format/encryption_context.js';
export { runDecrypt } from './decrypt_runner.js';
export type { DecryptRunOptions } from './decrypt_runner.js';
export { planDecrypt } from './decrypt_plan.js';
export { AvailabilityEvents } from './availability_events.js';
export { RegionHealth, REGION_HEALTH } from './region_health.js';
export type { RegionHealthOptions, RegionStats } from './region_health.js';
export type { Availability, AvailabilityAware, AvailabilityEvent, AvailabilityEventHub, AvailabilityListener, BreakerState, CallOutcome, HedgingPolicy } from './availability.js';
export { RawKeyring } from './raw_keyring.js';
export { serviceKey } from './services.js';
export type { ServiceKey, ServiceResolver, ServiceContext } from './services.js';
export { TELEMETRY_NAMES } from './telemetry_names.js';
export { configureTelemetry } from './telemetry/configure.js';
export type { TelemetryOptions } from './telemetry/configure.js';
export { onRemoteCall, remoteCallReport, traceRemoteCall } from './telemetry/remote_call.js';
export type { CallAttributes, RemoteCall, RemoteCallConventions, RemoteCallOutcome, RemoteCallRecord, RemoteCallListener, RemoteCallReport, RemoteFailureClassifier, RemoteFailure } from './telemetry/remote_call.js';
