import type { z } from 'zod';
import type { Vendor } from '../../domain';
import { UpstreamError } from './upstream-error';
import type { VendorResponse } from './vendor-http-client';

/** Validates a vendor body against its wire schema; a mismatch is BAD_RESPONSE, never a crash. */
export function parseWire<S extends z.ZodType>(
  schema: S,
  response: VendorResponse,
  vendor: Vendor,
  operation: string,
): z.output<S> {
  const result = schema.safeParse(response.json);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  throw new UpstreamError({
    vendor,
    operation,
    failure: 'BAD_RESPONSE',
    mayHaveReachedVendor: true,
    status: response.status,
    detail: `unexpected body for ${response.status}: ${first ? `${first.path.join('.')} ${first.message}` : 'invalid'}`,
  });
}

/** Statuses that by HTTP's definition say the request was not processed: 429 Too Many Requests (RFC 6585). */
export const NOT_PROCESSED: ReadonlySet<number> = new Set([429]);

/**
 * A status the contract does not list for this operation. `notProcessed` names the
 * statuses that prove the vendor did nothing (a vendor's contract may add its own).
 */
export function unexpectedStatus(response: VendorResponse, vendor: Vendor, operation: string, notProcessed: ReadonlySet<number> = NOT_PROCESSED): UpstreamError {
  const { status } = response;
  const detail = `status ${status}`;
  if (status === 401 || status === 403) {
    return new UpstreamError({ vendor, operation, failure: 'AUTH_FAILED', mayHaveReachedVendor: false, status, detail });
  }
  // Throttled: the vendor is unavailable to us for now (reads were already re-sent as Retry-After allowed).
  const failure = status >= 500 || status === 429 ? 'UNAVAILABLE' : 'BAD_RESPONSE';
  // A 5xx or an unknown status does not prove the vendor did nothing.
  return new UpstreamError({ vendor, operation, failure, mayHaveReachedVendor: !notProcessed.has(status), status, detail });
}
