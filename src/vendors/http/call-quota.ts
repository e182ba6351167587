/**
 * How many calls per second a vendor takes from all replicas together (see src/fleet):
 * every attempt asks for a slot before it is sent.
 */
export interface VendorCallQuota {
  /**
   * Resolves once a call may be sent, with what to call when it has ended (answered or
   * failed); rejects with QuotaExhausted when no slot comes within `maxWaitMs` (the call is
   * then not sent).
   */
  acquire(maxWaitMs: number): Promise<() => void>;
  /** The vendor answered 429 with `Retry-After`: no replica sends it anything for `ms`. */
  pause(ms: number): void;
}

/** Raised when a vendor call found no room in its quota before its deadline: it was not sent. */
export class QuotaExhausted extends Error {
  constructor(readonly reason: 'quota' | 'redis_unavailable') {
    super(reason === 'quota' ? 'vendor call quota: no room before the deadline' : 'vendor call quota cannot be checked (Redis unavailable)');
    this.name = 'QuotaExhausted';
  }
}
