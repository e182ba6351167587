import type { UserError, UserErrorCode } from '../../domain';
import { isRefusalStatus, mediaType, shownVendorText, type KnownSecrets, type VendorResponse } from '../http';
import { errorResponseWire } from './wire';

/** What each documented 4xx of an order means, as a stable code. */
const ORDER_REFUSALS: Partial<Record<number, UserErrorCode>> = {
  400: 'INVALID_INPUT',
  404: 'NOT_FOUND',
  // A repeated orderid is not documented; DDS is expected to refuse it as a conflict.
  409: 'ORDER_ID_IN_USE',
};

const FALLBACK_MESSAGE: Partial<Record<UserErrorCode, string>> = {
  INVALID_INPUT: 'Boknett DDS rejected the order as invalid.',
  NOT_FOUND: 'Boknett DDS does not know this product.',
  ORDER_ID_IN_USE: 'Boknett DDS already has an order with this orderId.',
  BUYER_NAMES_REQUIRED: 'This book has social DRM: the buyer’s first and last name are required.',
};

/**
 * DDS's own words from an error body, when it sent any, cleaned for the buyer (shownVendorText):
 * the `message` of a JSON body, or a plain-text body whole (the contract documents no error body).
 */
function vendorMessage(response: VendorResponse, secrets: KnownSecrets): string | undefined {
  const body = errorResponseWire.safeParse(response.json);
  if (body.success) return shownVendorText(body.data.message, secrets);
  return mediaType(response.headers['content-type']) === 'text/plain' ? shownVendorText(response.text, secrets) : undefined;
}

/** A 400 about names, for an order sent without them: the book has social DRM. */
const NAMES_PROBLEM = /first\s*name|last\s*name|social\s*drm|\bsdrm\b/i;

/**
 * The refusal a 4xx answer to an order stands for, or undefined when the status is not
 * a refusal (2xx, auth, throttling, 5xx). Undocumented 4xx answers become `REJECTED`.
 */
export function orderRefusal(response: VendorResponse, namesSent: boolean, secrets: KnownSecrets): UserError | undefined {
  if (!isRefusalStatus(response.status)) return undefined;
  const message = vendorMessage(response, secrets);
  let code = ORDER_REFUSALS[response.status] ?? 'REJECTED';
  let field: string[] | null = null;
  if (code === 'INVALID_INPUT' && !namesSent && message && NAMES_PROBLEM.test(message)) {
    code = 'BUYER_NAMES_REQUIRED';
    field = ['input', /first\s*name/i.test(message) ? 'firstName' : 'lastName'];
  }
  return { code, message: message ?? FALLBACK_MESSAGE[code] ?? 'Boknett DDS refused the order.', field };
}

/** Why DDS refused to start a download (unknown format or bitrate, unknown fulfilment), or undefined. */
export function downloadRefusal(response: VendorResponse, secrets: KnownSecrets): string | undefined {
  if (!isRefusalStatus(response.status)) return undefined;
  return vendorMessage(response, secrets) ?? `Boknett DDS refused the download (status ${response.status}).`;
}
