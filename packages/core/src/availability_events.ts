/**
 * The hub availability events go through: listeners (logs, tests) and OpenTelemetry (breaker span
 * events and gauge, hedges, throttling) hear of each event.
 */
import type { AvailabilityEvent, AvailabilityEventHub, AvailabilityListener } from './availability.js';
import { reportAvailability } from './telemetry/otel.js';

/** A tiny synchronous event hub; a throwing listener never breaks a call. */
export class AvailabilityEvents implements AvailabilityEventHub {
  readonly #listeners = new Set<AvailabilityListener>();

  /** Adds a listener; returns the function that removes it. */
  on(listener: AvailabilityListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Calls every listener with `event`. */
  emit(event: AvailabilityEvent): void {
    // OpenTelemetry hears of every event (breaker span events and gauge, hedges), listeners or not.
    reportAvailability(event);
    for (const l of this.#listeners) {
      try {
        l(event);
      } catch {
        // Observers must not change the outcome of a call.
      }
    }
  }
}
