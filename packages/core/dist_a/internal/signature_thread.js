import { availableParallelism } from 'node:os';
import { closeSession, openSession, post } from './frame_workers.js';
export class SignatureThread {
    back;
    limit;
    session;
    waiting = new Map();
    nextId = 0;
    /** Buffers out for hashing. */
    out = 0;
    wake;
    failed;
    closed = false;
    /**
     * @param first the header bytes (the signature covers them first)
     * @param exclude the stream's frame workers
     * @param back takes each buffer back once hashed
     * @param limit buffers out at most (the memory bound)
     */
    constructor(kind, hash, first, exclude, back, limit) {
        this.back = back;
        this.limit = limit;
        this.session = openSession(1, this, { op: 'sig', kind, hash, first }, exclude);
    }
    /** Hashes the first `length` bytes of `b`, which is transferred and comes back through `back`. */
    update(b, length) {
        this.out++;
        void this.ask({ op: 'hash', input: b, length }, [b]).then((a) => {
            this.out--;
            this.wake?.();
            this.back(a.back);
        }, () => { });
    }
    /** Resolves once fewer than `limit` buffers are out for hashing. */
    async room() {
        while (this.out >= this.limit) {
            if (this.failed)
                throw this.failed;
            await new Promise((resolve) => (this.wake = resolve));
        }
    }
    /** The signature over everything hashed (after every update). */
    async sign(key) {
        return (await this.ask({ op: 'sign', key }, [])).signature;
    }
    /** Whether `signature` is good for everything hashed (after every update). */
    async verify(key, signature) {
        return (await this.ask({ op: 'verify', key, signature }, [])).ok === true;
    }
    /** Ends the session. */
    close() {
        if (this.closed)
            return;
        this.closed = true;
        closeSession(this.session.id);
        this.waiting.clear();
    }
    /** An answer came back (called by the shared workers). */
    answer(a) {
        const p = this.waiting.get(a.id);
        this.waiting.delete(a.id);
        p?.resolve(a);
    }
    /** The worker failed (called by the shared workers). */
    fail(err) {
        this.failed ??= err;
        for (const p of this.waiting.values())
            p.reject(this.failed);
        this.waiting.clear();
        this.wake?.();
        this.close();
    }
    ask(message, transfer) {
        if (this.failed)
            return Promise.reject(this.failed);
        const id = this.nextId++;
        return new Promise((resolve, reject) => {
            this.waiting.set(id, { resolve, reject });
            post(this.session.slots[0], { ...message, id, session: this.session.id }, transfer);
        });
    }
}
let forced;
/**
 * Whether a stream on `concurrency` threads (its workers and the calling thread) hashes its
 * signature on a thread of its own: only when a core is left for it (on 2 cores, the extra
 * thread's hand-offs cost more than the hash: 0x0578 decrypt ran at ~150-230 MB/s with it and
 * ~470-490 MB/s without).
 */
export function hashOnThread(concurrency) {
    return forced ?? availableParallelism() > concurrency;
}
/** Forces {@link hashOnThread} either way, or back to the machine's answer with `undefined` (tests). */
export function forceHashThread(value) {
    forced = value;
}
//# sourceMappingURL=signature_thread.js.map