import type { CommitmentPolicy, EncryptionContext } from './materials.js';
/** Options of {@link encrypt} and {@link encryptStream}. */
export interface EncryptOptions {
    /** Non-secret pairs bound to the message (keys must not start with `aws-crypto-`). */
    readonly encryptionContext?: EncryptionContext;
    /** Algorithm suite id; default 0x0578, or 0x0378 under 'forbid-encrypt-allow-decrypt'. */
    readonly suiteId?: number;
    /** Frame length in bytes (default 4096); 0 writes a non-framed message. */
    readonly frameLength?: number;
    /** Default 'require-encrypt-require-decrypt'. */
    readonly commitmentPolicy?: CommitmentPolicy;
    /** Refuse to write more encrypted data keys than this. */
    readonly maxEncryptedDataKeys?: number;
    /** Streams only: largest non-framed plaintext buffered before it is written (default 64 MiB). */
    readonly maxBodySize?: number;
    /**
     * Streams only: the exact number of plaintext bytes that will be written. Passed to the materials
     * manager (a cache counts it); the stream fails if more or fewer bytes arrive.
     */
    readonly plaintextLength?: number;
    /**
     * Streams only: worker threads that seal (encrypt) or open (decrypt) the frames, default 1 (the
     * single-thread path, no workers). Output bytes are the same either way; memory stays bounded
     * by about 8 × concurrency batches of max(256 KiB, one frame). Non-framed messages use one thread.
     */
    readonly concurrency?: number;
    /** Cancels the call: the keyring's outstanding requests are aborted and the call rejects with AbortedError. */
    readonly signal?: AbortSignal;
}
/** Options of {@link decrypt} and {@link decryptStream}. */
export interface DecryptOptions {
    /** Default 'require-encrypt-require-decrypt': only committing suites are read. */
    readonly commitmentPolicy?: CommitmentPolicy;
    /** Refuse messages with more encrypted data keys than this. */
    readonly maxEncryptedDataKeys?: number;
    /** Pairs that must be present in the message's encryption context. */
    readonly encryptionContext?: EncryptionContext;
    /** Largest non-framed body buffered by a stream before it is refused (default 64 MiB). */
    readonly maxBodySize?: number;
    /** Largest frame length accepted (default 64 MiB), checked before any buffering. */
    readonly maxFrameLength?: number;
    /** Largest header accepted (default 1 MiB), checked before any buffering. */
    readonly maxHeaderSize?: number;
    /**
     * Streams only: worker threads that seal (encrypt) or open (decrypt) the frames, default 1 (the
     * single-thread path, no workers). Output bytes are the same either way; memory stays bounded
     * by about 8 × concurrency batches of max(256 KiB, one frame). Non-framed messages use one thread.
     */
    readonly concurrency?: number;
    /** Cancels the call: the keyring's outstanding requests are aborted and the call rejects with AbortedError. */
    readonly signal?: AbortSignal;
}
/** Frame length when none is given: 4096 bytes, as in the AWS ESDK. */
export declare const DEFAULT_FRAME_LENGTH = 4096;
/** Largest non-framed body a stream buffers: 64 MiB. */
export declare const DEFAULT_MAX_BODY_SIZE: number;
/** Largest frame length a reader accepts: 64 MiB. */
export declare const DEFAULT_MAX_FRAME_LENGTH: number;
/** Largest header a reader accepts: 1 MiB. */
export declare const DEFAULT_MAX_HEADER_SIZE: number;
//# sourceMappingURL=options.d.ts.map