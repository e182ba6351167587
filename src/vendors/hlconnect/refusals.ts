import type { UserError, UserErrorCode } from '../../domain';
import { errorResponseWire } from './wire';
import { isRefusalStatus, shownVendorText, type KnownSecrets, type VendorResponse } from '../http';

/**
 * What each documented 4xx means per operation, as a stable code. The message shown to
 * the caller is the vendor's own when it sent one, cleaned (shownVendorText).
 */
export const REFUSAL_CODES = {
  validatePurchase: { 400: 'INVALID_INPUT', 404: 'NOT_FOUND', 422: 'PURCHASE_NOT_ALLOWED' },
  registerPurchase: { 404: 'NOT_FOUND', 409: 'ALREADY_REGISTERED', 422: 'INVALID_TOKEN' },
  cancelOrderLine: { 400: 'NOT_CANCELLABLE', 404: 'NOT_FOUND' },
} satisfies Record<string, Partial<Record<number, UserErrorCode>>>;

const FALLBACK_MESSAGE: Partial<Record<UserErrorCode, string>> = {
  INVALID_INPUT: 'The vendor rejected the request as invalid.',
  NOT_FOUND: 'The vendor does not know this item.',
  PURCHASE_NOT_ALLOWED: 'The purchase is not allowed.',
  INVALID_TOKEN: 'The validation token is invalid or expired; validate the purchase again.',
  ALREADY_REGISTERED: 'This order line is already registered.',
  NOT_CANCELLABLE: 'The order line is not in a cancellable status.',
  REJECTED: 'The vendor refused the request.',
};

/**
 * The refusal a 4xx answer stands for, or undefined when the status is not a refusal
 * (2xx, auth failures, throttling, 5xx). Undocumented 4xx answers become `REJECTED`.
 */
export function refusalFor(operation: keyof typeof REFUSAL_CODES, response: VendorResponse, secrets: KnownSecrets): UserError | undefined {
  const { status } = response;
  if (!isRefusalStatus(status)) return undefined;
  const codes: Partial<Record<number, UserErrorCode>> = REFUSAL_CODES[operation];
  const code = codes[status] ?? 'REJECTED';
  const body = errorResponseWire.safeParse(response.json);
  const message = (body.success && shownVendorText(body.data.message, secrets)) || FALLBACK_MESSAGE[code] || 'The vendor refused the request.';
  return { code, message, field: null };
}
