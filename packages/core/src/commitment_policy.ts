/**
 * The commitment policies as one table: which suites each policy may write, which it may read,
 * and the suite it writes when the caller names none (AWS ESDK specification,
 * client-apis/client.md, "commitment policy").
 */
import { CommitmentPolicyError, UnsupportedSuiteError, needs } from './errors.js';
import { DEFAULT_NON_COMMITTING_SUITE_ID, DEFAULT_SUITE_ID, SUITE_IDS, findSuite, suiteLabel, type AlgorithmSuite, type SuiteId } from './suites.js';

/** Which suites may be written and read, as in the AWS ESDK. The default is the strictest. */
export type CommitmentPolicy =
  | 'forbid-encrypt-allow-decrypt'
  | 'require-encrypt-allow-decrypt'
  | 'require-encrypt-require-decrypt';

/** The AWS ESDK's default commitment policy. */
export const DEFAULT_COMMITMENT_POLICY: CommitmentPolicy = 'require-encrypt-require-decrypt';

/** Which suites a commitment policy may write and read, and its default suite. */
export interface CommitmentPolicyRule {
  /** Suites it may encrypt with: only committing ones, or only non-committing ones. */
  readonly encrypts: 'committing' | 'non-committing';
  /** Suites it may decrypt: any, or committing only. */
  readonly decrypts: 'any' | 'committing';
  /** The suite written when the caller names none. */
  readonly defaultSuiteId: SuiteId;
}

/** The three policies of the AWS ESDK, by name. The default is the strictest. */
export const COMMITMENT_POLICIES: Readonly<Record<CommitmentPolicy, CommitmentPolicyRule>> = Object.freeze({
  'forbid-encrypt-allow-decrypt': Object.freeze({ encrypts: 'non-committing', decrypts: 'any', defaultSuiteId: DEFAULT_NON_COMMITTING_SUITE_ID } as const),
  'require-encrypt-allow-decrypt': Object.freeze({ encrypts: 'committing', decrypts: 'any', defaultSuiteId: DEFAULT_SUITE_ID } as const),
  'require-encrypt-require-decrypt': Object.freeze({ encrypts: 'committing', decrypts: 'committing', defaultSuiteId: DEFAULT_SUITE_ID } as const),
});

const hex = suiteLabel;
const COMMITTING = SUITE_IDS.filter((id) => findSuite(id)!.committing).map(suiteLabel).join(' or ');

/** A policy's rule together with its name. */
export interface NamedCommitmentPolicyRule extends CommitmentPolicyRule {
  /** The policy's name. */
  readonly name: CommitmentPolicy;
}

/** The rule of a policy (the default when undefined); an unknown name is a CommitmentPolicyError. */
export function policyRule(policy: CommitmentPolicy | undefined): NamedCommitmentPolicyRule {
  const name = policy ?? DEFAULT_COMMITMENT_POLICY;
  needs(typeof name === 'string' && Object.hasOwn(COMMITMENT_POLICIES, name), CommitmentPolicyError, `unknown commitment policy ${JSON.stringify(name)}`);
  return { name, ...COMMITMENT_POLICIES[name] };
}

/** Throws unless `policy` may write `suite`. */
export function checkEncryptSuite(policy: CommitmentPolicy | undefined, suite: AlgorithmSuite): void {
  const rule = policyRule(policy);
  if (rule.encrypts === 'committing') {
    needs(suite.committing, CommitmentPolicyError, `commitment policy ${rule.name} requires a committing suite (${COMMITTING}), not ${hex(suite.id)}`);
  } else {
    needs(!suite.committing, CommitmentPolicyError, `commitment policy ${rule.name} forbids the committing suite ${hex(suite.id)}`);
  }
}

/** Throws unless `policy` may read `suite`. */
export function checkDecryptSuite(policy: CommitmentPolicy | undefined, suite: AlgorithmSuite): void {
  const rule = policyRule(policy);
  if (rule.decrypts === 'committing') {
    needs(suite.committing, CommitmentPolicyError, `commitment policy ${rule.name} refuses the non-committing suite ${hex(suite.id)}`);
  }
}

/** The suite an encryption uses: `suiteId` or the policy's default, checked against the policy. */
export function encryptionSuiteFor(policy: CommitmentPolicy | undefined, suiteId: number | undefined): AlgorithmSuite {
  const id = suiteId ?? policyRule(policy).defaultSuiteId;
  const suite = typeof id === 'number' ? findSuite(id) : undefined;
  needs(suite, UnsupportedSuiteError, `unknown algorithm suite ${typeof id === 'number' ? hex(id) : JSON.stringify(id)}`);
  checkEncryptSuite(policy, suite);
  return suite;
}
