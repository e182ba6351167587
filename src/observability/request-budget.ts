import { performance } from 'node:perf_hooks';

/** Which per-request limit stopped a vendor call. */
export type RequestLimit = 'QUERY_BUDGET' | 'REQUEST_DEADLINE';

/**
 * What one GraphQL request may still spend on vendors: a number of calls (every attempt
 * counts: re-sends, logins, download polls) and a deadline. The cost estimate refuses
 * costly operations early; this makes its bound true whatever the data turns out to be.
 */
export class RequestBudget {
  private callsLeft: number;
  private readonly deadline: number;

  constructor(maxCalls: number, deadlineMs: number, now: number = performance.now()) {
    this.callsLeft = maxCalls;
    this.deadline = now + deadlineMs;
  }

  /** Takes one call: undefined when it may be sent, else the limit that forbids it (nothing is taken). */
  take(): RequestLimit | undefined {
    if (this.callsLeft <= 0) return 'QUERY_BUDGET';
    if (performance.now() >= this.deadline) return 'REQUEST_DEADLINE';
    this.callsLeft -= 1;
    return undefined;
  }

  /** Time left before the deadline, ms (zero or less once it has passed). */
  remainingMs(): number {
    return this.deadline - performance.now();
  }
}
