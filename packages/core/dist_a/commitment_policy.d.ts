import { type CommitmentPolicy } from './materials.js';
import { type AlgorithmSuite, type SuiteId } from './suites.js';
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
export declare const COMMITMENT_POLICIES: Readonly<Record<CommitmentPolicy, CommitmentPolicyRule>>;
/** A policy's rule together with its name. */
export interface NamedCommitmentPolicyRule extends CommitmentPolicyRule {
    /** The policy's name. */
    readonly name: CommitmentPolicy;
}
/** The rule of a policy (the default when undefined); an unknown name is a CommitmentPolicyError. */
export declare function policyRule(policy: CommitmentPolicy | undefined): NamedCommitmentPolicyRule;
/** Throws unless `policy` may write `suite`. */
export declare function checkEncryptSuite(policy: CommitmentPolicy | undefined, suite: AlgorithmSuite): void;
/** Throws unless `policy` may read `suite`. */
export declare function checkDecryptSuite(policy: CommitmentPolicy | undefined, suite: AlgorithmSuite): void;
/** The suite an encryption uses: `suiteId` or the policy's default, checked against the policy. */
export declare function encryptionSuiteFor(policy: CommitmentPolicy | undefined, suiteId: number | undefined): AlgorithmSuite;
//# sourceMappingURL=commitment_policy.d.ts.map