/**
 * The algorithm suites of the AWS Encryption SDK message format, as one frozen table.
 * Source: AWS Encryption SDK specification, framework/algorithm-suites.md.
 */

/** Key derivation: identity (the data key is the message key) or HKDF with a hash. */
export type KdfName = 'identity' | 'hkdf-sha256' | 'hkdf-sha384' | 'hkdf-sha512';

/** One algorithm suite of the AWS ESDK message format. */
export interface AlgorithmSuite {
  /** The 2-byte id written in the header, e.g. 0x0578. */
  readonly id: number;
  /** Message format version the suite is written with. */
  readonly messageFormat: 1 | 2;
  /** node:crypto cipher name. */
  readonly cipher: 'aes-128-gcm' | 'aes-192-gcm' | 'aes-256-gcm';
  /** Data key and message key length, bytes. */
  readonly keyLength: 16 | 24 | 32;
  /** IV length in bytes (always 12). */
  readonly ivLength: 12;
  /** GCM tag length in bytes (always 16). */
  readonly tagLength: 16;
  /** How the message key is derived from the data key. */
  readonly kdf: KdfName;
  /** ECDSA signature, or null for unsigned suites. */
  readonly signature: null | {
    /** ECDSA curve. */
    readonly curve: 'P-256' | 'P-384';
    /** Hash signed over the message. */
    readonly hash: 'sha256' | 'sha384';
  };
  /** Key commitment (v2 suites): length of the commitment in the header, 0 when none. */
  readonly commitmentLength: 0 | 32;
  /** Whether the suite commits to its key (0x0478, 0x0578). */
  readonly committing: boolean;
}

const suite = <T extends AlgorithmSuite>(s: T): T => Object.freeze(s);

const TABLE: Readonly<Record<SuiteId, AlgorithmSuite>> = Object.freeze({
  0x0014: suite({ id: 0x0014, messageFormat: 1, cipher: 'aes-128-gcm', keyLength: 16, ivLength: 12, tagLength: 16, kdf: 'identity', signature: null, commitmentLength: 0, committing: false }),
  0x0046: suite({ id: 0x0046, messageFormat: 1, cipher: 'aes-192-gcm', keyLength: 24, ivLength: 12, tagLength: 16, kdf: 'identity', signature: null, commitmentLength: 0, committing: false }),
  0x0078: suite({ id: 0x0078, messageFormat: 1, cipher: 'aes-256-gcm', keyLength: 32, ivLength: 12, tagLength: 16, kdf: 'identity', signature: null, commitmentLength: 0, committing: false }),
  0x0114: suite({ id: 0x0114, messageFormat: 1, cipher: 'aes-128-gcm', keyLength: 16, ivLength: 12, tagLength: 16, kdf: 'hkdf-sha256', signature: null, commitmentLength: 0, committing: false }),
  0x0146: suite({ id: 0x0146, messageFormat: 1, cipher: 'aes-192-gcm', keyLength: 24, ivLength: 12, tagLength: 16, kdf: 'hkdf-sha256', signature: null, commitmentLength: 0, committing: false }),
  0x0178: suite({ id: 0x0178, messageFormat: 1, cipher: 'aes-256-gcm', keyLength: 32, ivLength: 12, tagLength: 16, kdf: 'hkdf-sha256', signature: null, commitmentLength: 0, committing: false }),
  0x0214: suite({ id: 0x0214, messageFormat: 1, cipher: 'aes-128-gcm', keyLength: 16, ivLength: 12, tagLength: 16, kdf: 'hkdf-sha256', signature: { curve: 'P-256', hash: 'sha256' }, commitmentLength: 0, committing: false }),
  0x0346: suite({ id: 0x0346, messageFormat: 1, cipher: 'aes-192-gcm', keyLength: 24, ivLength: 12, tagLength: 16, kdf: 'hkdf-sha384', signature: { curve: 'P-384', hash: 'sha384' }, commitmentLength: 0, committing: false }),
  0x0378: suite({ id: 0x0378, messageFormat: 1, cipher: 'aes-256-gcm', keyLength: 32, ivLength: 12, tagLength: 16, kdf: 'hkdf-sha384', signature: { curve: 'P-384', hash: 'sha384' }, commitmentLength: 0, committing: false }),
  0x0478: suite({ id: 0x0478, messageFormat: 2, cipher: 'aes-256-gcm', keyLength: 32, ivLength: 12, tagLength: 16, kdf: 'hkdf-sha512', signature: null, commitmentLength: 32, committing: true }),
  0x0578: suite({ id: 0x0578, messageFormat: 2, cipher: 'aes-256-gcm', keyLength: 32, ivLength: 12, tagLength: 16, kdf: 'hkdf-sha512', signature: { curve: 'P-384', hash: 'sha384' }, commitmentLength: 32, committing: true }),
} as const);

/** A suite id of the table. */
export type SuiteId = 0x0014 | 0x0046 | 0x0078 | 0x0114 | 0x0146 | 0x0178 | 0x0214 | 0x0346 | 0x0378 | 0x0478 | 0x0578;

/** Every suite, keyed by id (frozen). */
export const SUITES: Readonly<Record<SuiteId, AlgorithmSuite>> = TABLE;

/** The default suite, as in the AWS ESDK: committing, signed (0x0578). */
export const DEFAULT_SUITE_ID = 0x0578 satisfies SuiteId;

/** All suite ids, in table order. */
export const SUITE_IDS: readonly SuiteId[] = Object.freeze(Object.keys(SUITES).map(Number) as SuiteId[]);

/** The suite with this id, or undefined. */
export function findSuite(id: number): AlgorithmSuite | undefined {
  return (SUITES as Readonly<Record<number, AlgorithmSuite>>)[id];
}
