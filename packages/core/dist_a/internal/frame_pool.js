import { closeSession, openSession, post, queued } from './frame_workers.js';
import { localFrames } from './frame_worker_source.js';
/** Batches run so far on the calling thread and on workers (tests). */
export const batchCounts = { here: 0, workers: 0 };
/** Plaintext bytes (frames) per batch: enough to amortise a message each way. */
export const BATCH_BYTES = 256 * 1024;
export class FramePool {
    concurrency;
    suite;
    key;
    messageId;
    frameLength;
    keepInputs;
    session;
    waiting = new Map();
    nextId = 0;
    failed;
    closed = false;
    /** Input buffers the workers gave back, reused for the next batches. */
    spare = [];
    spareOut = [];
    /** Worker threads (the calling thread is the last of `concurrency`). */
    size;
    /** The session's state on the calling thread (a copy of the key, wiped on close). */
    here;
    constructor(concurrency, suite, key, messageId, frameLength, 
    /** Inputs come back to the caller instead of this pool (open with `out`: the ciphertext is hashed after). */
    keepInputs = false) {
        this.concurrency = concurrency;
        this.suite = suite;
        this.key = key;
        this.messageId = messageId;
        this.frameLength = frameLength;
        this.keepInputs = keepInputs;
        this.size = Math.max(1, concurrency - 1);
    }
    /** An input buffer of at least `n` bytes (a returned one when it fits). */
    buffer(n) {
        const b = this.spare.pop();
        return b && b.byteLength >= n ? b : new ArrayBuffer(n);
    }
    /** Gives back a buffer a batch came back in, for a later batch. */
    recycle(b) {
        if (!this.closed && this.spare.length < 8 * this.concurrency + 2)
            this.spare.push(b);
    }
    /** An output buffer for sealing (a returned one when it fits). */
    outBuffer(n) {
        const b = this.spareOut.pop();
        return b && b.byteLength >= n ? b : new ArrayBuffer(n);
    }
    /** Gives back a sealed batch's buffer once its bytes were copied out. */
    recycleOut(b) {
        if (!this.closed && this.spareOut.length < 8 * this.concurrency + 2)
            this.spareOut.push(b);
    }
    /** The workers of the session (opened if not yet). */
    get slots() {
        this.warm();
        return this.session?.slots ?? [];
    }
    /** Opens the session now (a worker takes tens of ms to start), so that it is ready by the first batch. */
    warm() {
        if (!this.session && !this.closed)
            this.start();
    }
    /** Sends one batch (its input buffer is transferred); resolves with the worker's answer. */
    run(task) {
        if (this.failed)
            return Promise.reject(this.failed);
        this.warm();
        const { id: session, slots } = this.session;
        // The least busy worker, unless every worker has four batches to do: then this thread does it.
        let slot = slots[0];
        for (const s of slots)
            if (queued(s) < queued(slot))
                slot = s;
        if (queued(slot) >= 4) {
            batchCounts.here++;
            return Promise.resolve(this.runHere(task));
        }
        batchCounts.workers++;
        const id = this.nextId++;
        return new Promise((resolve, reject) => {
            this.waiting.set(id, { resolve, reject });
            post(slot, { ...task, id, session }, task.out ? [task.input, task.out] : [task.input]);
        });
    }
    /** Ends the session: each of its workers wipes the key; outstanding batches are dropped. */
    close() {
        if (this.closed)
            return;
        this.closed = true;
        if (this.session)
            closeSession(this.session.id);
        this.here?.key.fill(0);
        this.here = undefined;
        this.waiting.clear();
        this.spare.length = 0;
        this.spareOut.length = 0;
    }
    start() {
        const key = this.key.export();
        try {
            const open = { op: 'key', key, messageId: this.messageId, cipher: this.suite.cipher, ivLength: this.suite.ivLength, tagLength: this.suite.tagLength, frameLength: this.frameLength };
            this.session = openSession(this.size, this, open);
            this.here = localFrames().session({ ...open, key: Buffer.from(key) });
        }
        finally {
            key.fill(0);
        }
    }
    /** Seals or opens a batch on the calling thread, into a buffer of its own. */
    runHere(task) {
        const f = localFrames();
        // Seal into a buffer made for the batch; open beside the ciphertext (kept for a signature worker).
        const a = task.op === 'seal' ? f.seal(this.here, { ...task, out: undefined }) : f.open(this.here, { ...task, out: new ArrayBuffer(task.plainLength) });
        if (task.out)
            this.recycleOut(task.out);
        if (!this.keepInputs || task.op === 'seal')
            this.recycle(task.input);
        const result = { output: Buffer.from(a.output, 0, a.length), input: this.keepInputs && task.op === 'open' ? task.input : null, owned: true };
        return a.failedAt === undefined ? result : { ...result, failedAt: a.failedAt };
    }
    /** A batch came back (called by the shared workers). */
    answer(a) {
        const p = this.waiting.get(a.id);
        if (!p)
            return;
        this.waiting.delete(a.id);
        if (a.input && !this.keepInputs)
            this.recycle(a.input);
        const result = { output: Buffer.from(a.output, 0, a.length), input: a.input };
        p.resolve(a.failedAt === undefined ? result : { ...result, failedAt: a.failedAt });
    }
    /** A worker of the session failed (called by the shared workers). */
    fail(err) {
        this.failed ??= err;
        for (const p of this.waiting.values())
            p.reject(this.failed);
        this.waiting.clear();
        this.close();
    }
}
//# sourceMappingURL=frame_pool.js.map