/**
 * What buffer and stream rewrap share: the new header of an opened message. The data key is wrapped
 * again by the `to` keyring (only its keys end up in the header), under the same message id, suite,
 * frame length and context; signed suites get a fresh signing key (a new `aws-crypto-public-key`).
 * The body frames depend only on the data key and the message id, so they stay valid as they are.
 */
import { type KeyObject, type Sign } from 'node:crypto';
import type { KeyAttempt } from './errors.js';
import type { Keyring } from './materials.js';
import type { MessageHeader } from './header_types.js';
import { type ParsedHeader } from './format/header.js';
/** What the new header of a rewrapped message needs from the caller. */
export interface RewrapTarget {
    readonly to: Keyring;
    readonly maxEncryptedDataKeys?: number | undefined;
    readonly signal?: AbortSignal | undefined;
}
/** The new header, and for signed suites the signer that has seen it (the body and footer follow). */
export interface RewrappedHeader {
    readonly headerBytes: Buffer;
    readonly header: MessageHeader;
    readonly signer: Sign | undefined;
    readonly signingKey: KeyObject | undefined;
    readonly skippedKeys: readonly KeyAttempt[] | undefined;
}
/** The `to` of a rewrap, checked: a keyring (a manager would make a data key of its own). */
export declare function rewrapTarget(to: unknown): Keyring;
/**
 * Wraps `dataKey` (the opened message's, not wiped here) with `target.to` and writes the new header.
 * v1 headers get a fresh random header IV, so the old and the new header auth tags are not two
 * GCM tags under one key and one IV; v2 fixes the header IV at zero (see the README's note).
 */
export declare function rewrapHeader(target: RewrapTarget, old: ParsedHeader, dataKey: Uint8Array): Promise<RewrappedHeader>;
//# sourceMappingURL=rewrapper.d.ts.map