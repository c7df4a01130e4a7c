/**
 * Single flight: concurrent callers asking for the same id share one call. The call gets a signal
 * of its own that fires only when every caller waiting for it has given up, so one caller's abort
 * never fails the others; each caller still leaves at once when its own signal fires.
 */
import { AbortedError } from '../errors.js';
/** Calls in progress, by id. */
export class SingleFlight {
    flights = new Map();
    /** Whether a call for `id` is in progress. */
    has(id) {
        return this.flights.has(id);
    }
    /**
     * Joins the call in progress for `id`, or starts `work` as it. Resolves or rejects as the call
     * does, or with AbortedError when `signal` fires first. The id is free again before any waiter
     * resumes, so a waiter that needs another call starts a new one.
     */
    run(id, work, signal) {
        if (signal?.aborted)
            return Promise.reject(new AbortedError(undefined, { cause: signal.reason }));
        let flight = this.flights.get(id);
        if (!flight) {
            const controller = new AbortController();
            const promise = (async () => {
                try {
                    return await work(controller.signal);
                }
                finally {
                    this.flights.delete(id);
                }
            })();
            flight = { promise, controller, waiting: 0 };
            this.flights.set(id, flight);
        }
        return this.wait(flight, signal);
    }
    wait(flight, signal) {
        flight.waiting += 1;
        if (!signal)
            return flight.promise;
        return new Promise((resolve, reject) => {
            const onAbort = () => {
                reject(new AbortedError(undefined, { cause: signal.reason }));
                if (--flight.waiting === 0)
                    flight.controller.abort(signal.reason);
            };
            signal.addEventListener('abort', onAbort, { once: true });
            flight.promise.then((v) => {
                signal.removeEventListener('abort', onAbort);
                resolve(v);
            }, (e) => {
                signal.removeEventListener('abort', onAbort);
                reject(e);
            });
        });
    }
}
//# sourceMappingURL=single_flight.js.map