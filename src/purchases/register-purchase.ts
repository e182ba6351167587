import { decimalToNumber, ok, refused, type Decimal, type Order, type OrderLineRef, type Result } from '../domain';
import { UpstreamError } from '../vendors/http';
import { executeOnce, type EarlierAttempt, type ExactlyOnceSpec } from './exactly-once';
import { heldByAnother, hlLineSubject, type RegisteredLine } from './hl-line-owner';
import { InputCheck } from './input-rules';
import type { RegisterPurchaseRequest } from '../vendors/hlconnect';
import type { PurchaseDeps } from './ports';

/** HL Connect's prices are in cents: amounts with more decimals are refused, never rounded. */
export const HL_PRICE_DECIMALS = 2;

export interface RegisterPurchaseInput extends Omit<RegisterPurchaseRequest, 'lineItemPrice' | 'unitPrice'> {
  /** Exact decimal text, e.g. "4.99". */
  lineItemPrice: Decimal;
  unitPrice: Decimal;
  /** Defaults to the order line: `order:{orderNumber}/line:{orderLineId}`. */
  idempotencyKey?: string | null;
}

/**
 * Registers a paid purchase with HL Connect, at most once per idempotency key; fulfilment
 * then runs asynchronously. The validation token is part of the attempt, not of the
 * purchase: a retry with a fresh token is the same purchase.
 */
export async function registerPurchase(deps: PurchaseDeps, input: RegisterPurchaseInput, caller: string): Promise<Result<OrderLineRef>> {
  const spec = registerPurchaseSpec(deps, input, caller);
  return spec.ok ? executeOnce(deps.exactlyOnce, spec.value) : spec;
}

/** The checked input as an exactly-once call (not sent yet), or why it is refused. */
export function registerPurchaseSpec(deps: PurchaseDeps, input: RegisterPurchaseInput, caller: string): Result<ExactlyOnceSpec<OrderLineRef>> {
  const check = new InputCheck()
    .nonEmpty(input.token, 'token')
    .positiveId(input.orderNumber, 'orderNumber')
    .positiveId(input.orderLineId, 'orderLineId')
    .price(input.lineItemPrice, HL_PRICE_DECIMALS, 'lineItemPrice')
    .price(input.unitPrice, HL_PRICE_DECIMALS, 'unitPrice')
    .nonEmpty(input.customer, 'customer')
    .idempotencyKey(input.idempotencyKey, 'idempotencyKey');
  (input.parts ?? []).forEach((part, i) => {
    check.positiveId(part.assetId, 'parts', String(i), 'assetId').positiveId(part.orderLineId, 'parts', String(i), 'orderLineId');
  });
  if (!check.ok) return refused(check.problems);

  const purchase = {
    orderNumber: input.orderNumber,
    orderLineId: input.orderLineId,
    // The vendor takes JSON numbers; an amount of at most 15 digits converts exactly.
    lineItemPrice: decimalToNumber(input.lineItemPrice),
    unitPrice: decimalToNumber(input.unitPrice),
    // Printed on the asset: the purchase needs it.
    customer: input.customer.trim(),
    parts: input.parts ?? [],
  };
  const line = { orderId: input.orderNumber, orderLineId: input.orderLineId };
  return ok<ExactlyOnceSpec<OrderLineRef>>({
    caller,
    operation: 'HL_REGISTER_PURCHASE',
    idempotencyKey: input.idempotencyKey ?? `order:${input.orderNumber}/line:${input.orderLineId}`,
    subject: hlLineSubject(line),
    input: purchase,
    attemptSecrets: { token: input.token },
    send: () => deps.hlconnect.registerPurchase({ ...purchase, token: input.token }),
    toRecord: (line) => line,
    fromRecord: (record) => record as OrderLineRef,
    lostAnswerState: 'UNKNOWN',
    // A 409 to a re-send after a lost answer: the lost attempt registered the line, if the line the vendor holds is ours.
    appliedBy: (userErrors) => (userErrors.some((e) => e.code === 'ALREADY_REGISTERED') ? heldLine(deps, line, purchase) : Promise.resolve({ applied: false })),
  });
}

/** Whose registration the vendor holds for the line: this one's (its earlier attempt applied), another's, or not known yet. */
async function heldLine(deps: PurchaseDeps, line: OrderLineRef, sent: RegisteredLine): Promise<EarlierAttempt<OrderLineRef>> {
  let order: Order | null;
  try {
    order = await deps.hlconnect.orderInfo(line.orderId);
  } catch (error) {
    if (error instanceof UpstreamError) return { applied: 'unknown', note: `the vendor holds the line; whose, it could not be asked (${error.failure})` };
    throw error;
  }
  const item = order?.status === 'FAILED' ? undefined : order?.items.find((i) => i.orderLineId === line.orderLineId);
  if (!item) return { applied: 'unknown', note: `the vendor holds the line; its order is ${order ? order.status : 'not listed yet'}` };
  return (await heldByAnother(deps.exactlyOnce.ledger, item, sent, line)) ? { applied: false } : { applied: true, value: line };
}
