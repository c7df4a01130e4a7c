import { BATCH_BYTES, FramePool } from './internal/frame_pool.js';
import { OrderedWindow } from './internal/ordered_window.js';
import { copyOut } from './internal/bytes.js';
import { FINAL_FRAME_MARKER, bodyOverhead } from './format/frame_head.js';
import { LimitExceededError, needs } from './errors.js';
import { signatureHash } from './crypto/signature.js';
import { SignatureThread, hashOnThread } from './internal/signature_thread.js';
export class ParallelEncoder {
    m;
    push;
    pool;
    window;
    /** Plaintext bytes per batch: whole frames. */
    batch;
    /** Bytes a sealed batch may take. */
    outLength;
    input;
    view;
    filled = 0;
    seq = 1;
    signer;
    constructor(m, concurrency, push) {
        this.m = m;
        this.push = push;
        const f = m.frameLength;
        this.batch = f * Math.max(1, Math.floor(BATCH_BYTES / f));
        // Every frame of the batch plus the final frame, at the final frame's overhead (an upper bound).
        this.outLength = this.batch + (this.batch / f + 1) * bodyOverhead('final', m.suite);
        this.pool = new FramePool(concurrency, m.suite, m.body.key, m.body.messageId, f);
        this.window = new OrderedWindow(4 * concurrency);
        this.pool.warm();
        if (m.signingKey && hashOnThread(concurrency))
            this.signer = new SignatureThread('sign', signatureHash(m.suite), m.headerBytes, this.pool.slots, (b) => this.pool.recycleOut(b), 4 * concurrency);
    }
    /** Copies `chunk` into batches; a full batch is sent once bytes after it exist. Resolves when the window has room. */
    async write(chunk) {
        let off = 0;
        while (off < chunk.length) {
            if (this.filled === this.batch) {
                this.send(false);
                await this.window.room(this.release);
                await this.signer?.room();
            }
            const view = this.current();
            const n = chunk.copy(view, this.filled, off, off + Math.min(chunk.length - off, this.batch - this.filled));
            this.filled += n;
            off += n;
        }
    }
    /**
     * Sends what is left as the last batch (ending with the final frame) and pushes every batch in
     * order; resolves with the footer's signature for signed suites.
     */
    async end() {
        this.current();
        this.send(true);
        await this.window.drain(this.release);
        const signature = this.signer ? await this.signer.sign(this.m.signingKey) : this.m.signer?.sign(this.m.signingKey);
        this.close();
        return signature;
    }
    /** Stops the workers (the stream failed or was destroyed). */
    close() {
        this.pool.close();
        this.signer?.close();
    }
    // The sealed bytes leave as a copy made here and the batch's buffer goes back to the pool:
    // buffers that came from a worker are only freed by full collections, which come late (RSS grew
    // by ~75 MiB on a 512 MiB stream when they were pushed downstream), while copies made here die young.
    release = (r) => {
        // A batch sealed here is handed on as it is, unless a signature worker is to get its buffer.
        const sealed = r.owned && !this.signer ? r.output : copyOut(r.output);
        if (!this.signer)
            this.m.signer?.update(sealed);
        this.push(sealed);
        if (this.signer)
            this.signer.update(r.output.buffer, r.output.length);
        else if (!r.owned)
            this.pool.recycleOut(r.output.buffer);
    };
    current() {
        if (!this.view) {
            this.input = this.pool.buffer(this.batch);
            this.view = Buffer.from(this.input, 0, this.batch);
        }
        return this.view;
    }
    send(final) {
        const length = this.filled;
        // As on one thread (format/frame_head.ts): regular frames end below the final-frame marker.
        const frames = final ? Math.max(1, Math.ceil(length / this.m.frameLength)) : length / this.m.frameLength;
        needs(this.seq + frames - 1 < (final ? 2 ** 32 : FINAL_FRAME_MARKER), LimitExceededError, 'body: more frames than sequence numbers (2^32 - 1)');
        this.window.add(this.pool.run({ op: 'seal', seq: this.seq, input: this.input, out: this.pool.outBuffer(this.outLength), length, final }));
        this.seq += length / this.m.frameLength;
        this.input = undefined;
        this.view = undefined;
        this.filled = 0;
    }
}
//# sourceMappingURL=parallel_encoder.js.map