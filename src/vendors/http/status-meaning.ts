/**
 * What an HTTP status says about a vendor call, for both vendors: the one table of which
 * client errors are business refusals and which prove nothing was processed.
 */

/**
 * Statuses that by HTTP's definition say the request was not processed: 429 Too Many
 * Requests (RFC 6585), 406 and 415 (our Accept or Content-Type refused).
 */
export const NOT_PROCESSED: ReadonlySet<number> = new Set([406, 415, 429]);

/**
 * 4xx answers about the gateway itself, not the request: credentials (401, 403), our
 * Accept or Content-Type (406, 415), proxies and throttling. Faults, not refusals.
 */
const NOT_REFUSALS: ReadonlySet<number> = new Set([401, 403, 406, 407, 408, 415, 429]);

/** A 4xx that is the vendor declining the request itself: a refusal for the caller, not a fault. */
export function isRefusalStatus(status: number): boolean {
  return status >= 400 && status < 500 && !NOT_REFUSALS.has(status);
}
