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

/** A status the contract does not list for this operation. */
export function unexpectedStatus(response: VendorResponse, vendor: Vendor, operation: string): UpstreamError {
  const { status } = response;
  if (status === 401 || status === 403) {
    return new UpstreamError({ vendor, operation, failure: 'AUTH_FAILED', mayHaveReachedVendor: false, status, detail: `status ${status}` });
  }
  return new UpstreamError({
    vendor,
    operation,
    failure: status >= 500 ? 'UNAVAILABLE' : 'BAD_RESPONSE',
    // A 5xx or an unknown status does not prove the vendor did nothing.
    mayHaveReachedVendor: true,
    status,
    detail: `status ${status}`,
  });
}
