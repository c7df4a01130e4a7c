/** AbortSignal plumbing shared by the entry points: typed errors, and late results wiped. */
import { AbortedError } from '../errors.js';
/** Throws AbortedError if `signal` has fired. */
export function throwIfAborted(signal) {
    if (signal?.aborted)
        throw new AbortedError(undefined, { cause: signal.reason });
}
/**
 * Resolves as `work` does, unless `signal` fires first: then rejects with AbortedError at once, and
 * whatever `work` resolves with later is handed to `discard` (so a late data key is still wiped).
 */
export function raceSignal(work, signal, discard) {
    if (!signal)
        return work;
    return new Promise((resolve, reject) => {
        let settled = false;
        const onAbort = () => {
            settled = true;
            reject(new AbortedError(undefined, { cause: signal.reason }));
        };
        if (signal.aborted)
            onAbort();
        else
            signal.addEventListener('abort', onAbort, { once: true });
        work.then((value) => {
            signal.removeEventListener('abort', onAbort);
            if (settled)
                discard(value);
            else
                resolve(value);
        }, (err) => {
            signal.removeEventListener('abort', onAbort);
            if (!settled)
                reject(err);
        });
    });
}
//# sourceMappingURL=abort.js.map