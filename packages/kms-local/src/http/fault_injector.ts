/** Per-region faults: what a region does with the next requests (see the README). */

/** How a region misbehaves. */
export type FaultMode = 'none' | 'down' | 'hang' | 'error' | 'throttle' | 'latency';
/** A fault injected into one region. */
export interface Fault {
  /** What goes wrong. */
  readonly mode: FaultMode;
  /** Added delay for `latency`, ms. */
  readonly ms?: number;
}

const FAULT_MODES: readonly FaultMode[] = ['none', 'down', 'hang', 'error', 'throttle', 'latency'];

/** What the router must do with a request once its region's fault was applied. */
export type FaultOutcome = 'proceed' | 'down' | 'hang' | 'error' | 'throttle';

export class FaultInjector {
  private readonly faults = new Map<string, Fault>();

  set(region: string, fault: Fault): void {
    if (!FAULT_MODES.includes(fault.mode)) throw new Error(`kms-local: unknown fault mode ${String(fault.mode)}`);
    this.faults.set(region, fault);
  }

  get(region: string): Fault {
    return this.faults.get(region) ?? { mode: 'none' };
  }

  /** Waits out a latency fault; says what else the fault does to the request. */
  async apply(region: string): Promise<FaultOutcome> {
    const fault = this.get(region);
    if (fault.mode === 'latency') await new Promise((r) => setTimeout(r, fault.ms ?? 0));
    return fault.mode === 'none' || fault.mode === 'latency' ? 'proceed' : fault.mode;
  }
}
