/**
 * Core's side of the materials-manager seam: the requests it sends, and the checks on what any
 * manager (default, caching, the caller's own) hands back before the message uses it.
 */
import { backend } from '#crypto-backend';
import {
  EnvelopeError,
  EncryptionContextError,
  KeyringError,
  LimitExceededError,
  NoKeyDecryptedError,
  needs,
} from './errors.js';
import type { DecryptionMaterials, EncryptionContext, EncryptionMaterials, SkippedKey } from './materials.js';
import type { KeyAttempt } from './errors.js';
import type { DecryptionRequest, EncryptionRequest, MaterialsManager } from './materials_manager.js';
import { checkDecryptSuite, checkEncryptSuite, encryptionSuiteFor, policyRule } from './commitment_policy.js';
import { type AlgorithmSuite, type SuiteId } from './suites.js';
import { PUBLIC_KEY_CONTEXT_KEY, RESERVED_PREFIX } from './format/encryption_context.js';
import { signerFor, verificationKeyFrom } from './crypto/signature.js';
import type { Signer, SigningKey } from './crypto/backend.js';
import { isPromise } from './crypto/maybe.js';
import type { EncryptOptions, DecryptOptions } from './options.js';
import type { ParsedHeader } from './format/header.js';
import { publicHeader } from './format/header.js';
import { throwIfAborted } from './internal/abort.js';

/**
 * Calls a manager (or through it a keyring, the caller's code): whatever it throws that is not an
 * EnvelopeError (a TypeError, a string) becomes a KeyringError with it as the cause.
 */
async function asked<T>(call: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof EnvelopeError) throw err;
    throwIfAborted(signal);
    throw new KeyringError(`the keyring (or materials manager) failed: ${err instanceof Error ? err.message : String(err)}`, [], { cause: err });
  }
}

/** The caller's context, checked: a plain object of strings, no reserved keys. */
export function callerContext(ec: unknown): EncryptionContext {
  if (ec === undefined) return {};
  needs(
    typeof ec === 'object' && ec !== null && !Array.isArray(ec) && (Object.getPrototypeOf(ec) === Object.prototype || Object.getPrototypeOf(ec) === null),
    EncryptionContextError,
    'encryption context must be a plain object of string keys and string values',
  );
  for (const [k, v] of Object.entries(ec)) {
    needs(!k.startsWith(RESERVED_PREFIX), EncryptionContextError, `encryption context key ${JSON.stringify(k)} uses the reserved prefix ${RESERVED_PREFIX}`);
    needs(typeof v === 'string', EncryptionContextError, `encryption context value of ${JSON.stringify(k)} is not a string`);
  }
  return ec as EncryptionContext;
}

/** The request core sends a manager for one encryption; the suite and policy are checked first. */
export function encryptionRequest(options: EncryptOptions, plaintextLength: number | undefined): EncryptionRequest {
  const commitmentPolicy = policyRule(options.commitmentPolicy).name;
  const suite = encryptionSuiteFor(commitmentPolicy, options.suiteId);
  return {
    encryptionContext: callerContext(options.encryptionContext),
    commitmentPolicy,
    ...(options.suiteId !== undefined ? { suiteId: suite.id as SuiteId } : {}),
    ...(plaintextLength !== undefined ? { plaintextLength } : {}),
    ...(options.maxEncryptedDataKeys !== undefined ? { maxEncryptedDataKeys: options.maxEncryptedDataKeys } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
}

/** Checked encryption materials: the data key (core wipes it) and the signer of signed suites. */
export interface PreparedEncryption {
  readonly suite: AlgorithmSuite;
  readonly materials: EncryptionMaterials;
  readonly dataKey: Uint8Array;
  readonly signer: Signer | undefined;
  readonly signingKey: SigningKey | undefined;
  /** The keys the keyrings skipped under `minKeys`, as the caller is told of them. */
  readonly skippedKeys: readonly SkippedKey[] | undefined;
}

/** A skipped key as `encrypt`, `rewrap` and the streams report it (DESIGN: KeyDescription & { error?: string }). */
function reported(a: KeyAttempt): SkippedKey {
  const error = a.error instanceof Error ? a.error.message : typeof a.error === 'string' ? a.error : a.reason;
  return {
    providerId: a.providerId ?? a.keyring,
    keyring: a.keyring,
    keyId: a.keyId,
    ...(a.region !== undefined ? { region: a.region } : {}),
    ...(error !== undefined ? { error } : {}),
    ...(a.reason !== undefined ? { reason: a.reason } : {}),
  };
}

/** Asks the manager and checks its answer; on any failure the data key it returned is wiped. */
export async function prepareEncryption(manager: MaterialsManager, request: EncryptionRequest): Promise<PreparedEncryption> {
  const m: unknown = await asked(() => manager.getEncryptionMaterials(request), request.signal);
  const key = (m as Partial<EncryptionMaterials> | undefined)?.plaintextDataKey;
  try {
    throwIfAborted(request.signal);
    return checkEncryption(request, m);
  } catch (err) {
    if (key instanceof Uint8Array) key.fill(0);
    throw err;
  }
}

function checkEncryption(request: EncryptionRequest, m: unknown): PreparedEncryption {
  needs(m && typeof m === 'object', KeyringError, 'the materials manager (or keyring) returned no encryption materials');
  const materials = m as EncryptionMaterials;
  const suite = materials.suite;
  needs(suite && typeof suite === 'object' && typeof suite.id === 'number', KeyringError, 'encryption materials have no algorithm suite');
  if (request.suiteId !== undefined) needs(suite.id === request.suiteId, KeyringError, 'the materials manager (or keyring) changed the algorithm suite');
  checkEncryptSuite(request.commitmentPolicy, suite);
  const dataKey = materials.plaintextDataKey;
  needs(dataKey instanceof Uint8Array && dataKey.length === suite.keyLength, KeyringError, `the keyring returned no data key of ${suite.keyLength} bytes`);
  const edks = materials.encryptedDataKeys;
  needs(Array.isArray(edks) && edks.length > 0, KeyringError, 'the keyring returned no encrypted data keys');
  if (request.maxEncryptedDataKeys !== undefined && edks.length > request.maxEncryptedDataKeys) {
    throw new LimitExceededError(`${edks.length} encrypted data keys, more than maxEncryptedDataKeys (${request.maxEncryptedDataKeys})`);
  }
  needs(materials.encryptionContext && typeof materials.encryptionContext === 'object', KeyringError, 'encryption materials have no encryption context');
  const signingKey = materials.signingKey;
  const hasPublicKey = Object.hasOwn(materials.encryptionContext, PUBLIC_KEY_CONTEXT_KEY);
  if (suite.signature) needs(signingKey && hasPublicKey, KeyringError, 'signed suite without a signing key and its public key in the encryption context');
  else needs(!hasPublicKey, KeyringError, 'unsigned suite with a signing public key in the encryption context');
  const skippedKeys = materials.skippedKeys?.length ? materials.skippedKeys.map(reported) : undefined;
  if (!suite.signature) return { suite, materials, dataKey, signer: undefined, signingKey: undefined, skippedKeys };
  let signer: Signer;
  try {
    signer = signerFor(suite, signingKey!);
  } catch (cause) {
    throw new KeyringError('the materials manager returned a signing key that the crypto backend in use did not make', [], { cause });
  }
  return { suite, materials, dataKey, signer, signingKey, skippedKeys };
}

/** Checks a parsed header against the decrypt options before any key is touched. */
export function checkHeaderPolicy(header: ParsedHeader, options: DecryptOptions): void {
  checkDecryptSuite(options.commitmentPolicy, header.suite);
  const ec = header.encryptionContext;
  for (const [k, v] of Object.entries(callerContext(options.encryptionContext))) {
    needs(Object.hasOwn(ec, k) && ec[k] === v, EncryptionContextError, `required encryption context pair ${JSON.stringify(k)} is missing or differs`);
  }
  const hasKey = Object.hasOwn(ec, PUBLIC_KEY_CONTEXT_KEY);
  if (header.suite.signature) needs(hasKey, EncryptionContextError, 'signed suite without a signing public key in the encryption context');
  else needs(!hasKey, EncryptionContextError, 'unsigned suite with a signing public key in the encryption context');
}

/** Decryption materials for a parsed header from the manager, checked; the verification key comes from the header. */
export async function prepareDecryption(manager: MaterialsManager, header: ParsedHeader, options: DecryptOptions): Promise<DecryptionMaterials> {
  const request: DecryptionRequest = {
    header: publicHeader(header),
    commitmentPolicy: policyRule(options.commitmentPolicy).name,
    ...(options.encryptionContext !== undefined ? { encryptionContext: options.encryptionContext } : {}),
    ...(options.maxEncryptedDataKeys !== undefined ? { maxEncryptedDataKeys: options.maxEncryptedDataKeys } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const m: unknown = await asked(() => manager.decryptMaterials(request), options.signal);
  const suite = header.suite;
  const dataKey = (m as Partial<DecryptionMaterials> | undefined)?.plaintextDataKey;
  try {
    throwIfAborted(options.signal);
    needs(m && typeof m === 'object', KeyringError, 'the materials manager (or keyring) returned no decryption materials');
    const materials = m as DecryptionMaterials;
    if (dataKey === undefined) throw new NoKeyDecryptedError(Array.isArray(materials.attempts) ? materials.attempts : []);
    needs(dataKey instanceof Uint8Array && dataKey.length === suite.keyLength, KeyringError, `the keyring returned a data key of the wrong length for suite 0x${suite.id.toString(16).padStart(4, '0')}`);
    // The header's context is authenticated by the header tag; the verification key comes from it, whatever the manager says
    // (the manager's own key is kept only when it is that point: the default manager imported it already).
    let verificationKey = suite.signature ? verificationKeyFrom(suite, header.encryptionContext[PUBLIC_KEY_CONTEXT_KEY]!, materials.verificationKey) : undefined;
    if (isPromise(verificationKey)) verificationKey = await verificationKey;
    return { ...materials, suite, encryptionContext: header.encryptionContext, ...(verificationKey ? { verificationKey } : {}) };
  } catch (err) {
    if (dataKey instanceof Uint8Array) dataKey.fill(0);
    throw err;
  }
}

/** A fresh message id of the suite's format. */
export function newMessageId(suite: AlgorithmSuite): Uint8Array {
  return backend.randomBytes(suite.messageIdLength);
}
