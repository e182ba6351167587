import { BrokenCircuitError, BulkheadRejectedError, IsolatedCircuitError, TaskCancelledError } from 'cockatiel';
import type { Vendor } from '../../domain';
import { QuotaExhausted } from './call-quota';
import { classifyTransportError } from './classify-transport-error';
import { RequestLimitError, RequestLimitReached } from './request-limit-error';
import { UpstreamError } from './upstream-error';

/**
 * Turns what the resilience policies throw into an UpstreamError. `sent` says whether any
 * attempt got as far as sending: a call refused by an open circuit or a full bulkhead
 * before that never reached the vendor. Classes are matched, not cockatiel 3's is*Error
 * helpers: those mistake a bulkhead rejection for an open circuit and a cancelled task.
 */
export function classifyPolicyError(error: unknown, vendor: Vendor, operation: string, sent: boolean): UpstreamError {
  if (error instanceof UpstreamError) return error;
  if (error instanceof RequestLimitReached) {
    return new RequestLimitError({ vendor, operation, limit: error.limit, mayHaveReachedVendor: sent });
  }
  if (error instanceof QuotaExhausted) {
    return new UpstreamError({ vendor, operation, failure: 'UNAVAILABLE', mayHaveReachedVendor: sent, detail: error.message });
  }
  if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) {
    return new UpstreamError({ vendor, operation, failure: 'UNAVAILABLE', mayHaveReachedVendor: sent, detail: 'circuit open' });
  }
  if (error instanceof BulkheadRejectedError) {
    return new UpstreamError({ vendor, operation, failure: 'UNAVAILABLE', mayHaveReachedVendor: sent, detail: 'too many calls in flight' });
  }
  if (error instanceof TaskCancelledError) {
    return new UpstreamError({ vendor, operation, failure: 'TIMEOUT', mayHaveReachedVendor: sent, detail: 'attempt timed out' });
  }
  return classifyTransportError(error, vendor, operation);
}
