/**
 * The default materials manager: picks and polices the suite, adds the signing key, asks the
 * keyring, and checks what the keyring returned before the message uses it.
 */
import { createSign, randomBytes, type KeyObject, type Sign } from 'node:crypto';
import {
  CommitmentPolicyError,
  EncryptionContextError,
  KeyringError,
  LimitExceededError,
  NoKeyDecryptedError,
  UnsupportedSuiteError,
  needs,
} from './errors.js';
import {
  DEFAULT_COMMITMENT_POLICY,
  type CommitmentPolicy,
  type DecryptionMaterials,
  type EncryptionContext,
  type EncryptionMaterials,
  type Keyring,
} from './materials.js';
import { DEFAULT_SUITE_ID, findSuite, type AlgorithmSuite } from './suites.js';
import { PUBLIC_KEY_CONTEXT_KEY, RESERVED_PREFIX } from './format/encryption_context.js';
import { generateSigningKey, signatureHash, verificationKeyFrom } from './crypto/signature.js';
import type { EncryptOptions, DecryptOptions } from './options.js';
import type { ParsedHeader } from './format/header.js';

const POLICIES: readonly CommitmentPolicy[] = ['forbid-encrypt-allow-decrypt', 'require-encrypt-allow-decrypt', 'require-encrypt-require-decrypt'];

function policyOf(p: CommitmentPolicy | undefined): CommitmentPolicy {
  const policy = p ?? DEFAULT_COMMITMENT_POLICY;
  needs(POLICIES.includes(policy), CommitmentPolicyError, `unknown commitment policy ${JSON.stringify(policy)}`);
  return policy;
}

/** The suite an encryption uses, checked against the commitment policy. */
export function encryptionSuite(options: EncryptOptions): AlgorithmSuite {
  const policy = policyOf(options.commitmentPolicy);
  const id = options.suiteId ?? (policy === 'forbid-encrypt-allow-decrypt' ? 0x0378 : DEFAULT_SUITE_ID);
  const suite = findSuite(id);
  if (!suite) throw new UnsupportedSuiteError(`unknown algorithm suite 0x${id.toString(16).padStart(4, '0')}`);
  if (policy === 'forbid-encrypt-allow-decrypt') {
    needs(!suite.committing, CommitmentPolicyError, `commitment policy ${policy} forbids the committing suite 0x${id.toString(16).padStart(4, '0')}`);
  } else {
    needs(suite.committing, CommitmentPolicyError, `commitment policy ${policy} requires a committing suite (0x0478 or 0x0578), not 0x${id.toString(16).padStart(4, '0')}`);
  }
  return suite;
}

export interface PreparedEncryption {
  readonly materials: EncryptionMaterials;
  readonly dataKey: Uint8Array;
  readonly signer: Sign | undefined;
  readonly signingKey: KeyObject | undefined;
}

/** Encryption materials from the keyring, checked. */
export async function getEncryptionMaterials(keyring: Keyring, suite: AlgorithmSuite, options: EncryptOptions): Promise<PreparedEncryption> {
  const callerEc = options.encryptionContext ?? {};
  for (const [k, v] of Object.entries(callerEc)) {
    needs(!k.startsWith(RESERVED_PREFIX), EncryptionContextError, `encryption context key ${JSON.stringify(k)} uses the reserved prefix ${RESERVED_PREFIX}`);
    needs(typeof v === 'string', EncryptionContextError, `encryption context value of ${JSON.stringify(k)} is not a string`);
  }
  let ec: EncryptionContext = { ...callerEc };
  let signingKey: KeyObject | undefined;
  if (suite.signature) {
    const s = generateSigningKey(suite);
    signingKey = s.signingKey;
    ec = { ...ec, [PUBLIC_KEY_CONTEXT_KEY]: s.publicKeyBase64 };
  }
  const start: EncryptionMaterials = { suite, encryptionContext: Object.freeze(ec), encryptedDataKeys: [], ...(signingKey ? { signingKey } : {}) };
  const materials = await keyring.onEncrypt(start);
  const dataKey = materials.plaintextDataKey;
  needs(materials.suite.id === suite.id, KeyringError, 'keyring changed the algorithm suite');
  needs(dataKey instanceof Uint8Array && dataKey.length === suite.keyLength, KeyringError, `keyring returned no data key of ${suite.keyLength} bytes`);
  const edks = materials.encryptedDataKeys;
  if (edks.length === 0) {
    dataKey.fill(0);
    throw new KeyringError('keyring returned no encrypted data keys');
  }
  if (options.maxEncryptedDataKeys !== undefined && edks.length > options.maxEncryptedDataKeys) {
    dataKey.fill(0);
    throw new LimitExceededError(`${edks.length} encrypted data keys, more than maxEncryptedDataKeys (${options.maxEncryptedDataKeys})`);
  }
  const signer = signingKey ? createSign(signatureHash(suite)) : undefined;
  return { materials: { ...materials, encryptionContext: ec }, dataKey, signer, signingKey };
}

/** Checks a parsed header against the decrypt options before any key is touched. */
export function checkHeaderPolicy(header: ParsedHeader, options: DecryptOptions): void {
  const policy = policyOf(options.commitmentPolicy);
  if (policy === 'require-encrypt-require-decrypt') {
    needs(header.suite.committing, CommitmentPolicyError, `commitment policy ${policy} refuses the non-committing suite 0x${header.suiteId.toString(16).padStart(4, '0')}`);
  }
  const ec = header.encryptionContext;
  for (const [k, v] of Object.entries(options.encryptionContext ?? {})) {
    needs(ec[k] === v, EncryptionContextError, `required encryption context pair ${JSON.stringify(k)} is missing or differs`);
  }
  const hasKey = Object.prototype.hasOwnProperty.call(ec, PUBLIC_KEY_CONTEXT_KEY);
  if (header.suite.signature) needs(hasKey, EncryptionContextError, 'signed suite without a signing public key in the encryption context');
  else needs(!hasKey, EncryptionContextError, 'unsigned suite with a signing public key in the encryption context');
}

/** Decryption materials from the keyring for a parsed header; the data key is checked. */
export async function getDecryptionMaterials(keyring: Keyring, header: ParsedHeader): Promise<DecryptionMaterials> {
  const suite = header.suite;
  const verificationKey = suite.signature ? verificationKeyFrom(suite, header.encryptionContext[PUBLIC_KEY_CONTEXT_KEY]!) : undefined;
  const start: DecryptionMaterials = { suite, encryptionContext: header.encryptionContext, ...(verificationKey ? { verificationKey } : {}) };
  const materials = await keyring.onDecrypt(start, header.encryptedDataKeys);
  const dataKey = materials.plaintextDataKey;
  if (!dataKey) throw new NoKeyDecryptedError(materials.attempts ?? []);
  if (!(dataKey instanceof Uint8Array) || dataKey.length !== suite.keyLength) {
    if (dataKey instanceof Uint8Array) dataKey.fill(0);
    throw new KeyringError(`keyring returned a data key of the wrong length for suite 0x${suite.id.toString(16).padStart(4, '0')}`);
  }
  return { ...materials, ...(verificationKey ? { verificationKey } : {}) };
}

/** A fresh message id of the suite's format. */
export function newMessageId(suite: AlgorithmSuite): Buffer {
  return randomBytes(suite.messageIdLength);
}
