/**
 * Availability: what the decrypt runner (and an encrypting keyring) asks about remote regions before
 * calling them: in which order, whether a call may go out now, how long to wait before hedging, and
 * what happened. `RegionHealth` in `@envelope/keyring-kms` implements it; the multi keyring finds it
 * on its children through {@link AvailabilityAware}, never by importing a keyring package.
 */
import { reportAvailability } from './internal/otel.js';
/** A tiny synchronous event hub; a throwing listener never breaks a call. */
export class AvailabilityEvents {
    #listeners = new Set();
    /** Adds a listener; returns the function that removes it. */
    on(listener) {
        this.#listeners.add(listener);
        return () => this.#listeners.delete(listener);
    }
    /** Calls every listener with `event`. */
    emit(event) {
        // OpenTelemetry hears of every event (breaker span events and gauge, hedges), listeners or not.
        reportAvailability(event);
        for (const l of this.#listeners) {
            try {
                l(event);
            }
            catch {
                // Observers must not change the outcome of a call.
            }
        }
    }
}
//# sourceMappingURL=availability.js.map