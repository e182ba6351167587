import type { Vendor } from '../../domain';
import type { RequestLimit } from '../../observability/request-budget';
import { UpstreamError } from './upstream-error';

/**
 * Raised inside the resilience policies when a per-request limit stops a call. Neither
 * an UpstreamError nor a TaskCancelledError: no retry and no circuit breaker counts it.
 */
export class RequestLimitReached extends Error {
  constructor(readonly limit: RequestLimit) {
    super(`request limit reached: ${limit}`);
    this.name = 'RequestLimitReached';
  }
}

/**
 * A vendor call the request's budget or deadline stopped: not the vendor failing. An
 * UpstreamError so that callers recording outcomes see `mayHaveReachedVendor` (false
 * when it was never sent: a mutation stopped this way is NOT_APPLIED).
 */
export class RequestLimitError extends UpstreamError {
  readonly limit: RequestLimit;

  constructor(options: { vendor: Vendor; operation: string; limit: RequestLimit; mayHaveReachedVendor: boolean }) {
    super({
      vendor: options.vendor,
      operation: options.operation,
      failure: options.limit === 'REQUEST_DEADLINE' ? 'TIMEOUT' : 'UNAVAILABLE',
      mayHaveReachedVendor: options.mayHaveReachedVendor,
      detail: options.limit === 'REQUEST_DEADLINE' ? 'request deadline passed' : 'request call budget spent',
    });
    this.name = 'RequestLimitError';
    this.limit = options.limit;
  }
}
