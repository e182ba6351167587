import type { UserError } from '../domain';

/**
 * A two-phase checkout as the ledger's database keeps it, so that any replica can complete
 * it. Each line's purchase is an ordinary ledger entry (keyed by `checkoutLineKey`); the
 * checkout holds what was asked, the verdicts of the first phase, and the completion.
 *
 *   PREPARED    validated, nothing bought; the validation tokens are kept until completion
 *   COMPLETING  paid: the payment reference and order number are fixed; lines are being sent
 *   COMPLETED   every accepted line has an outcome that no repeat can change by sending
 */
export const CHECKOUT_STATES = ['PREPARED', 'COMPLETING', 'COMPLETED'] as const;
export type CheckoutState = (typeof CHECKOUT_STATES)[number];

export interface CheckoutBuyer {
  firstName: string | null;
  lastName: string | null;
  ip: string;
}

export interface HlCheckoutLine {
  kind: 'HL';
  assetId: number;
  quantity: number;
  unitPrice: string;
  lineItemPrice: string;
  /** The name printed on the sheet music. */
  customer: string | null;
}

export interface DdsCheckoutLine {
  kind: 'DDS';
  resid: string;
  priceOre: number;
  excerpt: boolean;
  subscription: boolean;
  /** The book has social DRM: the buyer's names must be sent. */
  socialDrm: boolean;
}

export type CheckoutLineSpec = HlCheckoutLine | DdsCheckoutLine;

/** A line and what the first phase said about it. */
export interface CheckoutLineRecord {
  spec: CheckoutLineSpec;
  accepted: boolean;
  /** Why the line was refused before payment; empty when accepted. */
  userErrors: UserError[];
  /** HL lines: when the validation token expires (ISO text); null for DDS lines and refused lines. */
  tokenExpiresAt: string | null;
  /**
   * HL lines validated again after the vendor refused their token: the ledger attempt whose
   * refusal this token answers. A refusal of a later attempt (of this token) asks for another.
   */
  tokenRenewsAttempt?: number;
  /**
   * HL lines accepted before payment whose validation expired and which the vendor refused when
   * validated again after payment: REJECTED with these reasons (the charge is to be refunded), never sent.
   */
  refusedAfterPayment?: UserError[];
}

export interface CheckoutCompletion {
  paymentReference: string;
  orderNumber: number;
}

export interface StoredCheckout {
  id: number;
  caller: string;
  idempotencyKey: string;
  /** Hash of the normalised input of `prepareCheckout`: a different one under the same key is a conflict. */
  inputHash: string;
  state: CheckoutState;
  /** Bumped by every change: every change compares against it. */
  version: number;
  buyer: CheckoutBuyer;
  lines: CheckoutLineRecord[];
  /** HL validation tokens by line index (null for other lines); erased (null) once COMPLETED. Never shown. */
  tokens: (string | null)[] | null;
  completion: CheckoutCompletion | null;
  /** The buyer's names were erased after the retention period (LEDGER_PERSONAL_DATA_DAYS): a checkout not paid by then cannot be. */
  personalDataErased: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type CheckoutDraft = Pick<StoredCheckout, 'caller' | 'idempotencyKey' | 'inputHash' | 'buyer' | 'lines' | 'tokens'>;

/** One compare-and-set on a checkout: applied only if it is still at `version`; absent fields are kept. */
export interface CheckoutChange {
  id: number;
  version: number;
  state?: CheckoutState;
  completion?: CheckoutCompletion;
  lines?: CheckoutLineRecord[];
  /** Null erases the tokens. */
  tokens?: (string | null)[] | null;
}

/** The ledger key of one line's purchase: derived from the checkout and the line's position (1-based). */
export function checkoutLineKey(checkoutId: number, lineNumber: number): string {
  return `checkout:${checkoutId}/line:${lineNumber}`;
}

/** A checkout row as both databases return it (times as epoch milliseconds). */
export interface CheckoutRow {
  id: number | string;
  caller: string;
  idempotency_key: string;
  input_hash: string;
  state: string;
  version: number | string;
  buyer: string | CheckoutBuyer;
  lines: string | CheckoutLineRecord[];
  tokens: string | (string | null)[] | null;
  completion: string | CheckoutCompletion | null;
  personal_data_erased_at: number | string | null;
  created_at: number | string;
  updated_at: number | string;
}

const fromJson = <T>(value: string | T): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

export function toCheckout(row: CheckoutRow): StoredCheckout {
  return {
    id: Number(row.id),
    caller: row.caller,
    idempotencyKey: row.idempotency_key,
    inputHash: row.input_hash,
    state: row.state as CheckoutState,
    version: Number(row.version),
    buyer: fromJson(row.buyer),
    lines: fromJson(row.lines),
    tokens: row.tokens === null ? null : fromJson(row.tokens),
    completion: row.completion === null ? null : fromJson(row.completion),
    personalDataErased: row.personal_data_erased_at !== null,
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
}

/** The JSON parameters of a change, absent ones as null (kept by the statement). */
export function checkoutChangeParams(change: CheckoutChange) {
  return {
    state: change.state ?? null,
    completion: change.completion ? JSON.stringify(change.completion) : null,
    lines: change.lines ? JSON.stringify(change.lines) : null,
    setTokens: change.tokens !== undefined,
    tokens: change.tokens ? JSON.stringify(change.tokens) : null,
  };
}
