import { ok, refused, type DdsOrder, type Result } from '../domain';
import { executeOnce, type ExactlyOnceSpec } from './exactly-once';
import { InputCheck } from './input-rules';
import type { PurchaseDeps } from './ports';

export interface PlaceDdsOrderInput {
  orderId: string;
  resid: string;
  priceOre: number;
  consumerId?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  /** Null or absent: false. */
  excerpt?: boolean | null;
  /** Null or absent: false. */
  subscription?: boolean | null;
  /** Defaults to the order: `order:{orderId}`. */
  idempotencyKey?: string | null;
}

const NAME_MIN_LENGTH = 2;

/** Sells one e-book or audiobook to one buyer through Boknett DDS. */
export async function placeDdsOrder(deps: PurchaseDeps, input: PlaceDdsOrderInput, caller: string): Promise<Result<DdsOrder>> {
  const spec = placeDdsOrderSpec(deps, input, caller);
  return spec.ok ? executeOnce(deps.exactlyOnce, spec.value) : spec;
}

/** The checked input as an exactly-once call (not sent yet), or why it is refused. */
export function placeDdsOrderSpec(deps: PurchaseDeps, input: PlaceDdsOrderInput, caller: string): Result<ExactlyOnceSpec<DdsOrder>> {
  const consumerId = input.consumerId ?? null;
  const firstName = input.firstName ?? null;
  const lastName = input.lastName ?? null;
  const excerpt = input.excerpt ?? false;
  const subscription = input.subscription ?? false;

  const check = new InputCheck().nonEmpty(input.orderId, 'orderId').nonEmpty(input.resid, 'resid').nonNegativeInteger(input.priceOre, 'priceOre');
  if (consumerId !== null) check.nonEmpty(consumerId, 'consumerId');
  check
    .rule(firstName !== null || lastName === null, 'firstName is required when lastName is given', 'firstName')
    .rule(lastName !== null || firstName === null, 'lastName is required when firstName is given', 'lastName');
  if (firstName !== null) check.minLength(firstName, NAME_MIN_LENGTH, 'firstName');
  if (lastName !== null) check.minLength(lastName, NAME_MIN_LENGTH, 'lastName');
  check.rule(!(subscription && excerpt), 'excerpt is not offered for subscription orders', 'excerpt');
  check.idempotencyKey(input.idempotencyKey, 'idempotencyKey');
  if (!check.ok) return refused(check.problems);

  const order = {
    orderId: input.orderId,
    resid: input.resid,
    priceOre: input.priceOre,
    consumerId,
    // Names are kept only when given: books with social DRM need them.
    firstName: firstName?.trim() ?? null,
    lastName: lastName?.trim() ?? null,
    excerpt,
    subscription,
  };
  return ok<ExactlyOnceSpec<DdsOrder>>({
    caller,
    operation: 'DDS_PLACE_ORDER',
    idempotencyKey: input.idempotencyKey ?? `order:${input.orderId}`,
    subject: input.orderId,
    input: order,
    send: () => deps.boknett.placeOrder(order),
    toRecord: (placed) => ({ fulfilmentId: placed.fulfilmentId, contentUrl: placed.contentUrl, placedAt: placed.placedAt.toISOString() }),
    fromRecord: (record) => ddsOrderFromLedger(order, record),
    // DDS cannot be asked whether an order arrived: an unanswered one goes to an operator.
    lostAnswerState: 'NEEDS_ATTENTION',
  });
}

/** A placed order as the ledger recorded it: the input plus DDS's fulfilment. */
export function ddsOrderFromLedger(input: Record<string, unknown>, record: unknown): DdsOrder {
  const { fulfilmentId, contentUrl, placedAt } = record as { fulfilmentId: string; contentUrl: string; placedAt: string };
  return {
    orderId: String(input.orderId),
    resid: String(input.resid),
    priceOre: Number(input.priceOre),
    consumerId: (input.consumerId as string | null) ?? null,
    excerpt: Boolean(input.excerpt),
    subscription: Boolean(input.subscription),
    fulfilmentId,
    contentUrl,
    placedAt: new Date(placedAt),
  };
}
