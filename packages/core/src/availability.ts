/**
 * Availability: what the decrypt runner (and an encrypting keyring) asks about remote regions before
 * calling them: in which order, whether a call may go out now, how long to wait before hedging, and
 * what happened. `RegionHealth` (region_health.ts) implements it; the events hub is availability_events.ts; the multi keyring finds it on its
 * children through {@link AvailabilityAware}, never by importing a keyring package.
 */

/** How one remote call ended, as far as the health of its region is concerned. */
export type CallOutcome =
  /** The region answered (even a refusal about the key, such as AccessDenied, is an answer). */
  | 'ok'
  /** The region did not answer usefully: connection failure, timeout, 5xx. Counts toward the breaker. */
  | 'failed'
  /** The region asked us to slow down (ThrottlingException): back off, but it is not an outage. */
  | 'throttled'
  /**
   * The call was abandoned: it had not answered within its hedge delay and another candidate won.
   * The region is demoted for a while; its breaker is not opened (slow is not down).
   */
  | 'slow';

/** State of a region's circuit breaker. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** Something an {@link Availability} reports to listeners (telemetry, logs). */
export type AvailabilityEvent =
  | {
      /** A region's circuit breaker changed state. */
      readonly type: 'breaker';
      /** The region. */
      readonly region: string;
      /** The new state. */
      readonly state: BreakerState;
    }
  | {
      /** A hedged call started: the previous candidate had not answered within `afterMs`. */
      readonly type: 'hedge';
      /** Key of the candidate that was started. */
      readonly keyId: string;
      /** Its region, if it has one. */
      readonly region?: string;
      /** Region of the candidate that was too slow. */
      readonly slowRegion?: string;
      /** How long the runner waited before hedging, ms. */
      readonly afterMs: number;
    }
  | {
      /** A region throttled a call; it is ordered after healthy regions for `backoffMs`. */
      readonly type: 'throttled';
      /** The region. */
      readonly region: string;
      /** How long it is backed off, ms. */
      readonly backoffMs: number;
    };

/** A listener of {@link AvailabilityEvents}. */
export type AvailabilityListener = (event: AvailabilityEvent) => void;

/** Where an {@link Availability} reports its events ({@link AvailabilityEvents} is the hub core provides). */
export interface AvailabilityEventHub {
  /** Adds a listener; returns the function that removes it. */
  on(listener: AvailabilityListener): () => void;
  /** Tells every listener (and telemetry) of `event`. */
  emit(event: AvailabilityEvent): void;
}

/** Region ordering, breakers and hedge delays, shared by the keyrings of one configuration. */
export interface Availability {
  /** `regions` in the order to try them (healthy before failing before open; `localRegion` first among equals). */
  order(regions: readonly string[], localRegion?: string): string[];
  /**
   * Whether a call to `region` may go out now: always when closed; never while its breaker is open;
   * once after the cool-down (the half-open trial, reserved by this call).
   */
  canTry(region: string): boolean;
  /** How long to wait for a call to `region` before starting the next candidate (adaptive hedging), ms. */
  hedgeDelay(region: string): number;
  /** Records how a call to `region` ended and how long it took. */
  record(region: string, outcome: CallOutcome, latencyMs: number): void;
  /** The breaker state of `region` now. */
  state(region: string): BreakerState;
  /** Breaker changes, hedges and throttling, for telemetry. */
  readonly events?: AvailabilityEventHub;
}

/** A keyring that knows the availability of its regions and its local region (KMS and multi keyrings). */
export interface AvailabilityAware {
  /** The availability the keyring records into and orders by. */
  readonly availability?: Availability | undefined;
  /** The region tried first on decrypt. */
  readonly localRegion?: string | undefined;
}

/**
 * When the runner starts the next candidate while one is still in flight: `'off'` (never: strictly
 * one after another), `'adaptive'` (after the region's {@link Availability.hedgeDelay}), or a fixed
 * number of ms.
 */
export type HedgingPolicy = 'off' | 'adaptive' | number;
