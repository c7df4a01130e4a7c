/** The AWS ESDK's default commitment policy. */
export const DEFAULT_COMMITMENT_POLICY = 'require-encrypt-require-decrypt';
/**
 * The "not mine" sentinel: what a candidate's `attempt` resolves with when, looking closer, the EDK
 * is not one it can open (e.g. a custom keyring that returned the materials unchanged). It is kept
 * apart from "tried and failed" (a rejection), which the runner records as an attempt; "not mine" is
 * recorded nowhere, as age's `ErrIncorrectIdentity`.
 */
export const NOT_MINE = Symbol('envelope.notMine');
/** True if `k` offers {@link PlannableKeyring.decryptCandidates}. */
export function isPlannable(k) {
    return typeof k.decryptCandidates === 'function';
}
//# sourceMappingURL=materials.js.map