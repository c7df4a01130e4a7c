/**
 * The commitment policies as one table: which suites each policy may write, which it may read,
 * and the suite it writes when the caller names none (AWS ESDK specification,
 * client-apis/client.md, "commitment policy").
 */
import { CommitmentPolicyError, UnsupportedSuiteError, needs } from './errors.js';
import { DEFAULT_COMMITMENT_POLICY } from './materials.js';
import { DEFAULT_NON_COMMITTING_SUITE_ID, DEFAULT_SUITE_ID, SUITE_IDS, findSuite, suiteLabel } from './suites.js';
/** The three policies of the AWS ESDK, by name. The default is the strictest. */
export const COMMITMENT_POLICIES = Object.freeze({
    'forbid-encrypt-allow-decrypt': Object.freeze({ encrypts: 'non-committing', decrypts: 'any', defaultSuiteId: DEFAULT_NON_COMMITTING_SUITE_ID }),
    'require-encrypt-allow-decrypt': Object.freeze({ encrypts: 'committing', decrypts: 'any', defaultSuiteId: DEFAULT_SUITE_ID }),
    'require-encrypt-require-decrypt': Object.freeze({ encrypts: 'committing', decrypts: 'committing', defaultSuiteId: DEFAULT_SUITE_ID }),
});
const hex = suiteLabel;
const COMMITTING = SUITE_IDS.filter((id) => findSuite(id).committing).map(suiteLabel).join(' or ');
/** The rule of a policy (the default when undefined); an unknown name is a CommitmentPolicyError. */
export function policyRule(policy) {
    const name = policy ?? DEFAULT_COMMITMENT_POLICY;
    needs(typeof name === 'string' && Object.hasOwn(COMMITMENT_POLICIES, name), CommitmentPolicyError, `unknown commitment policy ${JSON.stringify(name)}`);
    return { name, ...COMMITMENT_POLICIES[name] };
}
/** Throws unless `policy` may write `suite`. */
export function checkEncryptSuite(policy, suite) {
    const rule = policyRule(policy);
    if (rule.encrypts === 'committing') {
        needs(suite.committing, CommitmentPolicyError, `commitment policy ${rule.name} requires a committing suite (${COMMITTING}), not ${hex(suite.id)}`);
    }
    else {
        needs(!suite.committing, CommitmentPolicyError, `commitment policy ${rule.name} forbids the committing suite ${hex(suite.id)}`);
    }
}
/** Throws unless `policy` may read `suite`. */
export function checkDecryptSuite(policy, suite) {
    const rule = policyRule(policy);
    if (rule.decrypts === 'committing') {
        needs(suite.committing, CommitmentPolicyError, `commitment policy ${rule.name} refuses the non-committing suite ${hex(suite.id)}`);
    }
}
/** The suite an encryption uses: `suiteId` or the policy's default, checked against the policy. */
export function encryptionSuiteFor(policy, suiteId) {
    const id = suiteId ?? policyRule(policy).defaultSuiteId;
    const suite = typeof id === 'number' ? findSuite(id) : undefined;
    needs(suite, UnsupportedSuiteError, `unknown algorithm suite ${typeof id === 'number' ? hex(id) : JSON.stringify(id)}`);
    checkEncryptSuite(policy, suite);
    return suite;
}
//# sourceMappingURL=commitment_policy.js.map