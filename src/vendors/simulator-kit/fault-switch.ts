/**
 * A fault the simulators can be told to produce. `route` is `'METHOD /pattern'` as in
 * the call counters (all routes when absent); `times` how many matching calls it hits
 * (until cleared when absent). `when: 'after'` lets the simulator do the work first and
 * then fail the answer: the vendor accepted the request but the caller never hears so.
 */
export type Fault = FaultBase &
  (
    | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
    | { kind: 'malformed'; status?: number }
    | { kind: 'wrong-shape'; status?: number; body?: unknown }
    | { kind: 'oversized'; bytes?: number }
    | { kind: 'reset' }
    | { kind: 'hang'; ms?: number }
    | { kind: 'delay'; ms: number }
  );

interface FaultBase {
  route?: string;
  times?: number;
  when?: 'before' | 'after';
}

interface ArmedFault {
  fault: Fault;
  remaining: number;
}

export class FaultSwitch {
  private armed: ArmedFault[] = [];

  inject(fault: Fault): void {
    this.armed.push({ fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.armed = [];
  }

  /** The first armed fault for this route, used up by one call. */
  take(routeKey: string): Fault | undefined {
    const armed = this.armed.find((a) => a.fault.route === undefined || a.fault.route === routeKey);
    if (!armed) return undefined;
    armed.remaining -= 1;
    if (armed.remaining <= 0) this.armed = this.armed.filter((a) => a !== armed);
    return armed.fault;
  }
}
