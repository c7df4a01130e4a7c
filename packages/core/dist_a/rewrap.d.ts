import type { KeyAttempt } from './errors.js';
import type { CommitmentPolicy, EncryptionContext, KeyDescription, Keyring } from './materials.js';
import { type MaterialsManager } from './materials_manager.js';
import type { MessageHeader } from './header_types.js';
import type { DecryptOptions } from './options.js';
/** Options of {@link rewrap} and {@link rewrapStream}. */
export interface RewrapOptions {
    /** Opens the message's data key: a keyring, or a materials manager (as `decrypt` takes). */
    readonly from: Keyring | MaterialsManager;
    /** Wraps the data key again; only its keys are in the new header. A Keyring, not a manager. */
    readonly to: Keyring;
    /** Which messages may be read (default 'require-encrypt-require-decrypt'). The suite is kept as it is. */
    readonly commitmentPolicy?: CommitmentPolicy;
    /** Pairs that must be present in the message's encryption context (as for `decrypt`). */
    readonly encryptionContext?: EncryptionContext;
    /** Refuse messages with more encrypted data keys than this, and to write more than this. */
    readonly maxEncryptedDataKeys?: number;
    /** Largest frame length accepted (default 64 MiB), checked before any buffering. */
    readonly maxFrameLength?: number;
    /** Largest header accepted (default 1 MiB), checked before any buffering. */
    readonly maxHeaderSize?: number;
    /** Streams only: largest non-framed body buffered before it is refused (default 64 MiB). */
    readonly maxBodySize?: number;
    /** Cancels the call: outstanding keyring requests are aborted, the call rejects with AbortedError. */
    readonly signal?: AbortSignal;
}
/** Result of {@link rewrap}. */
export interface RewrapResult {
    /** The new message: new header, the old body, and (signed suites) a new footer. */
    readonly ciphertext: Uint8Array;
    /** The new header (same message id, suite, frame length and context; `to`'s keys). */
    readonly header: MessageHeader;
    /** The key of `from` that opened the message, when the keyring says. */
    readonly decryptedBy?: KeyDescription;
    /** Keys of `from` tried before (or besides) the one that worked, when the keyring says. */
    readonly attempts?: readonly KeyAttempt[];
    /** Keys `to` was configured with but skipped (only when it allows fewer keys, `minKeys`). */
    readonly skippedKeys?: readonly KeyAttempt[];
}
/** The decrypt options of a rewrap: how the old message is read. */
export declare function readOptions(o: RewrapOptions): DecryptOptions;
/** Checks the options object itself: `from` and `to` must be there. */
export declare function checkRewrapOptions(o: RewrapOptions): {
    from: MaterialsManager;
    to: Keyring;
};
/**
 * Rewraps a whole message: opens its data key with `from`, verifies the whole message (commitment,
 * header tag, every frame tag, the old signature), and only then wraps the data key with `to` and
 * returns the new message. The body is carried over unchanged; the data key is wiped at the end.
 * @example
 * const { ciphertext } = await rewrap(old, { from: oldKeyring, to: newKeyring });
 */
export declare function rewrap(ciphertext: Uint8Array, options: RewrapOptions): Promise<RewrapResult>;
//# sourceMappingURL=rewrap.d.ts.map