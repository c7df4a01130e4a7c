/**
 * The body of a streamed framed message sealed on worker threads (`concurrency` > 1): plaintext is
 * copied into batches of whole frames (the caller may reuse its chunks), each batch is sealed by a
 * worker, and the sealed batches are pushed in order. Bytes are those of the single-thread path.
 * Signed suites hash the header and the sealed batches on the calling thread, or on a worker of
 * their own when a core is left for it (internal/signature_thread.ts), which signs at the end.
 */
import type { StartedMessage } from './encryptor.js';
import type { Push } from './body_encoder.js';
export declare class ParallelEncoder {
    private readonly m;
    private readonly push;
    private readonly pool;
    private readonly window;
    /** Plaintext bytes per batch: whole frames. */
    private readonly batch;
    /** Bytes a sealed batch may take. */
    private readonly outLength;
    private input;
    private view;
    private filled;
    private seq;
    private readonly signer;
    constructor(m: StartedMessage, concurrency: number, push: Push);
    /** Copies `chunk` into batches; a full batch is sent once bytes after it exist. Resolves when the window has room. */
    write(chunk: Buffer): Promise<void>;
    /**
     * Sends what is left as the last batch (ending with the final frame) and pushes every batch in
     * order; resolves with the footer's signature for signed suites.
     */
    end(): Promise<Uint8Array | undefined>;
    /** Stops the workers (the stream failed or was destroyed). */
    close(): void;
    private readonly release;
    private current;
    private send;
}
//# sourceMappingURL=parallel_encoder.d.ts.map