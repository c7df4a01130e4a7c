import { AuthenticationError } from './errors.js';
import { FINAL_FRAME_MARKER, headLength } from './format/frame_head.js';
import { BATCH_BYTES, FramePool } from './internal/frame_pool.js';
import { OrderedWindow } from './internal/ordered_window.js';
import { SignatureThread, hashOnThread } from './internal/signature_thread.js';
import { signatureHash } from './crypto/signature.js';
import { copyOut, get32 } from './internal/bytes.js';
export class ParallelOpener {
    frameLength;
    pool;
    window;
    /** Bytes per batch: at least one whole frame. */
    capacity;
    largest;
    input;
    view;
    filled = 0;
    count = 0;
    plainLength = 0;
    seq = 1;
    verifier;
    /** Bytes of each batch out, in order (what the verifier hashes of it). */
    lengths = [];
    /** The verifier of a signed suite hashed on the calling thread. */
    local;
    /**
     * @param signed for signed suites: the verifier, which has seen the header, and the header's
     * bytes (for a signature worker, which starts from them)
     */
    constructor(suite, key, messageId, frameLength, concurrency, signed) {
        this.frameLength = frameLength;
        this.largest = headLength('final', suite) + frameLength + suite.tagLength;
        this.capacity = Math.max(BATCH_BYTES, this.largest);
        const thread = signed !== undefined && hashOnThread(concurrency);
        this.pool = new FramePool(concurrency, suite, key, messageId, frameLength, thread);
        this.window = new OrderedWindow(4 * concurrency);
        this.pool.warm();
        if (thread)
            this.verifier = new SignatureThread('verify', signatureHash(suite), signed.header, this.pool.slots, (b) => this.pool.recycle(b), 4 * concurrency);
        else
            this.local = signed?.verifier;
    }
    /** Whether the signature is checked on a signature worker ({@link verify}). */
    get verifies() {
        return this.verifier !== undefined;
    }
    /** Whether `signature` is good for the header and every frame (call after {@link drain}). */
    verify(key, signature) {
        return this.verifier.verify(key, signature);
    }
    /** Batches sent and not yet released. */
    get pending() {
        return this.window.size;
    }
    /** Copies one frame (given as pieces, with `length` bytes of content) into the batch; sends it when full or final. */
    add(pieces, length, final) {
        if (!this.view) {
            this.input = this.pool.buffer(this.capacity);
            this.view = Buffer.from(this.input, 0, this.capacity);
        }
        for (const p of pieces)
            this.filled += p.copy(this.view, this.filled);
        this.count++;
        this.plainLength += length;
        if (final || this.filled + this.largest > this.capacity)
            this.send(final);
    }
    /**
     * Copies whole regular frames (`size` bytes each, `plain` of content) from the front of `q` into
     * the batch, in bulk, checking that each is numbered `seq`, `seq + 1`, …; stops at the first that
     * is not (the final frame, or one out of sequence: the caller reads it) and after sending a batch
     * (the caller then makes room). Returns the number of frames taken from `q`.
     */
    addFrames(q, size, plain, seq) {
        if (!this.view) {
            this.input = this.pool.buffer(this.capacity);
            this.view = Buffer.from(this.input, 0, this.capacity);
        }
        const k = Math.min(Math.floor((this.capacity - this.filled) / size), Math.floor(q.length / size));
        q.copyTo(this.view, this.filled, k * size);
        let ok = 0;
        // A regular frame's number is below the final-frame marker (format/frame_head.ts).
        while (ok < k && seq + ok < FINAL_FRAME_MARKER && get32(this.view, this.filled + ok * size) === seq + ok)
            ok++;
        q.consume(ok * size);
        this.filled += ok * size;
        this.count += ok;
        this.plainLength += ok * plain;
        if (this.filled + this.largest > this.capacity)
            this.send(false);
        return ok;
    }
    /** Releases the oldest batches until the window has room. */
    async room(emit) {
        await this.window.room((r) => this.release(r, emit));
        await this.verifier?.room();
    }
    /** Releases every batch sent, in order. */
    drain(emit) {
        return this.window.drain((r) => this.release(r, emit));
    }
    /** Stops the workers (end of message, error or destroy). */
    close() {
        this.pool.close();
        this.verifier?.close();
    }
    release(r, emit) {
        // The plaintext leaves as a copy made here and the batch buffer goes back to the pool: buffers
        // that came from a worker are only freed by full collections, which come late (RSS grew by
        // ~70 MiB when they were handed downstream), while ones made here die young.
        // A batch opened here is handed on as it is.
        if (r.output.length > 0)
            emit(r.owned ? r.output : copyOut(r.output));
        const length = this.lengths.shift();
        if (this.verifier) {
            if (!r.owned)
                this.pool.recycleOut(r.output.buffer);
            if (r.failedAt === undefined)
                this.verifier.update(r.input, length);
        }
        else if (!r.owned)
            this.pool.recycle(r.output.buffer);
        if (r.failedAt !== undefined)
            throw new AuthenticationError();
    }
    send(final) {
        this.local?.update(this.view.subarray(0, this.filled));
        const out = this.verifier ? { out: this.pool.outBuffer(this.plainLength) } : {};
        this.window.add(this.pool.run({ op: 'open', seq: this.seq, input: this.input, ...out, length: this.filled, count: this.count, final, plainLength: this.plainLength }));
        this.lengths.push(this.filled);
        this.seq += this.count;
        this.input = undefined;
        this.view = undefined;
        this.filled = 0;
        this.count = 0;
        this.plainLength = 0;
    }
}
//# sourceMappingURL=parallel_opener.js.map