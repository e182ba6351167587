/**
 * Stable codes for business refusals. A caller can act on each:
 * fix the input, pick another asset, re-validate, or stop.
 */
export type UserErrorCode =
  /** The input broke a rule checked before any vendor call, or the vendor called it malformed. */
  | 'INVALID_INPUT'
  /** The vendor does not know the asset, order or order line. */
  | 'NOT_FOUND'
  /** Validation refused: not sellable in the buyer's region, below the minimum quantity, unavailable. */
  | 'PURCHASE_NOT_ALLOWED'
  /** The validation token is unknown, expired or already used: validate again. */
  | 'INVALID_TOKEN'
  /** This order line was registered before. */
  | 'ALREADY_REGISTERED'
  /** The order line is not in a status that can be cancelled. */
  | 'NOT_CANCELLABLE'
  /** Boknett DDS already has an order with this orderId: every purchase needs its own. */
  | 'ORDER_ID_IN_USE'
  /** The book has social DRM: the order must carry the buyer's first and last name. */
  | 'BUYER_NAMES_REQUIRED'
  /** Any other refusal by the vendor; the message is the vendor's. */
  | 'REJECTED'
  /** The idempotency key was used before for a different request. */
  | 'IDEMPOTENCY_CONFLICT'
  /** An identical request is still in flight: ask again shortly. */
  | 'IN_PROGRESS'
  /** The vendor may have received the request but did not answer; the gateway is confirming it. */
  | 'OUTCOME_UNKNOWN'
  /** The outcome is unknown and the vendor cannot be asked: an operator must confirm it. */
  | 'NEEDS_ATTENTION'
  /** An operator tried to resolve a ledger entry that is not (or no longer) waiting for one. */
  | 'NOT_RESOLVABLE';

export interface UserError {
  code: UserErrorCode;
  message: string;
  /** Path to the input field at fault, e.g. `['input', 'quantity']`. */
  field: string[] | null;
  /** When asking again may help (OUTCOME_UNKNOWN, IN_PROGRESS): in how many seconds. */
  retryAfterSeconds?: number;
}

export type Result<T> = { ok: true; value: T } | { ok: false; userErrors: UserError[] };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const refused = <T = never>(userErrors: UserError[]): Result<T> => ({ ok: false, userErrors });
