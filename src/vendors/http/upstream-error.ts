import type { Vendor } from '../../domain';

/**
 * Why a vendor call failed as a system fault (not a business refusal):
 * - UNAVAILABLE: connection refused or reset, 5xx, circuit open
 * - TIMEOUT: no connection or no answer in time
 * - AUTH_FAILED: the vendor refused our credentials (401/403)
 * - BAD_RESPONSE: an answer we cannot trust (malformed, wrong shape, too large, unexpected status)
 */
export type UpstreamFailure = 'UNAVAILABLE' | 'TIMEOUT' | 'AUTH_FAILED' | 'BAD_RESPONSE';

export interface UpstreamErrorOptions {
  vendor: Vendor;
  operation: string;
  failure: UpstreamFailure;
  /**
   * True when the request may have reached the vendor and been acted on (a reset or a
   * timeout after sending). A non-idempotent call that fails this way must not be re-sent blindly.
   */
  mayHaveReachedVendor: boolean;
  status?: number;
  /** For logs only; never shown to callers. */
  detail?: string;
  cause?: unknown;
}

/**
 * What the purchase ledger recorded when this failure ended an attempt of a mutation, and so
 * what its caller may conclude: NOT_APPLIED (the vendor never acted: it may be sent again),
 * UNKNOWN (the vendor may have acted; the ledger asks it after the quiet period), NEEDS_ATTENTION
 * (the vendor may have acted and cannot be asked: an operator confirms).
 */
export type AttemptOutcome = 'NOT_APPLIED' | 'UNKNOWN' | 'NEEDS_ATTENTION';

export class UpstreamError extends Error {
  readonly vendor: Vendor;
  readonly operation: string;
  readonly failure: UpstreamFailure;
  readonly mayHaveReachedVendor: boolean;
  readonly status: number | undefined;
  readonly detail: string | undefined;
  /** Set by the exactly-once ledger on a mutation's failure (see AttemptOutcome); absent for reads. */
  outcome: AttemptOutcome | undefined;

  constructor(options: UpstreamErrorOptions) {
    super(`${options.vendor} ${options.operation}: ${options.failure}${options.detail ? ` (${options.detail})` : ''}`, {
      cause: options.cause,
    });
    this.name = 'UpstreamError';
    this.vendor = options.vendor;
    this.operation = options.operation;
    this.failure = options.failure;
    this.mayHaveReachedVendor = options.mayHaveReachedVendor;
    this.status = options.status;
    this.detail = options.detail;
  }
}
