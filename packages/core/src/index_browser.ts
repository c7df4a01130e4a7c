/**
 * @envelope/core in browsers (the package's `browser` condition): the names of the Node build, with
 * `encrypt`/`decrypt` and WHATWG `encryptStream`/`decryptStream` on the WebCrypto backend, and no
 * Node built-in anywhere. Not here: `rewrap` and `rewrapStream` (Node only for now).
 * @packageDocumentation
 */
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
export type { EncryptResult } from './encrypt.js';
export type { DecryptResult } from './decrypt.js';
export { encrypt, decrypt } from './web/web_buffers.js';
export { encryptStream, decryptStream } from './web/web_streams.js';
export type { EncryptingStream, DecryptingStream } from './web/web_streams.js';
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
