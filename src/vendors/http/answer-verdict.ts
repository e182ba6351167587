import { UpstreamError } from './upstream-error';
import { retryAfterMs } from './retry-after';
import type { VendorResponse } from './vendor-http-client';

/** Statuses that say a gateway or the vendor is briefly unable to answer: worth asking again. */
const TRANSIENT_STATUSES = new Set([502, 503, 504]);
/** The vendor throttles us: worth asking again (after its Retry-After), though it is not failing. */
const TOO_MANY_REQUESTS = 429;

/** One answer of a vendor, with what the resilience policies make of it. */
export interface JudgedAnswer {
  response: VendorResponse;
  /** The vendor is failing (a 5xx that is not a documented business answer): counts against its circuit. */
  failing: boolean;
  /** Worth sending again, when the request is idempotent. */
  transient: boolean;
  /** The vendor's `Retry-After`, ms, when it gave one. */
  retryAfterMs: number | undefined;
}

/**
 * Judges an answer. `businessAnswer` marks the 5xx answers a contract documents as a
 * business outcome (HL Connect's 502 with `{status, message}`: the order FAILED); those
 * are neither failures nor re-sent. A 429 is re-sent but does not count against the
 * circuit. A `Retry-After` longer than `maxDelayMs` is honoured by not asking again at all.
 */
export function judgeAnswer(response: VendorResponse, businessAnswer: ((response: VendorResponse) => boolean) | undefined, maxDelayMs: number): JudgedAnswer {
  const failing = response.status >= 500 && !businessAnswer?.(response);
  const throttled = response.status === TOO_MANY_REQUESTS;
  const retryAfter = failing || throttled ? retryAfterMs(response.headers['retry-after']) : undefined;
  const transient = ((failing && TRANSIENT_STATUSES.has(response.status)) || throttled) && (retryAfter === undefined || retryAfter <= maxDelayMs);
  return { response, failing, transient, retryAfterMs: retryAfter };
}

/**
 * The request never got an answer because the connection failed (refused, reset, closed,
 * or not established in time): safe to send again when the request is idempotent.
 */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof UpstreamError) || error.status !== undefined) return false;
  // A timeout before anything was sent is a connect timeout; one after may be a slow vendor at work.
  return error.failure === 'UNAVAILABLE' || (error.failure === 'TIMEOUT' && !error.mayHaveReachedVendor);
}

/** The vendor did not answer in time or at all: counts against its circuit (a refusal or a malformed body does not). */
export function isVendorFailure(error: unknown): boolean {
  return error instanceof UpstreamError && error.status === undefined && (error.failure === 'UNAVAILABLE' || error.failure === 'TIMEOUT');
}
