import { refused, type DdsOrder, type Result } from '../domain';
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
}

const NAME_MIN_LENGTH = 2;

/** Sells one e-book or audiobook to one buyer through Boknett DDS. */
export async function placeDdsOrder(deps: PurchaseDeps, input: PlaceDdsOrderInput): Promise<Result<DdsOrder>> {
  const consumerId = input.consumerId ?? null;
  const firstName = input.firstName ?? null;
  const lastName = input.lastName ?? null;
  const excerpt = input.excerpt ?? false;
  const subscription = input.subscription ?? false;

  const check = new InputCheck()
    .nonEmpty(input.orderId, 'orderId')
    .nonEmpty(input.resid, 'resid')
    .nonNegativeInteger(input.priceOre, 'priceOre');
  if (consumerId !== null) check.nonEmpty(consumerId, 'consumerId');
  check
    .rule(firstName !== null || lastName === null, 'firstName is required when lastName is given', 'firstName')
    .rule(lastName !== null || firstName === null, 'lastName is required when firstName is given', 'lastName');
  if (firstName !== null) check.minLength(firstName, NAME_MIN_LENGTH, 'firstName');
  if (lastName !== null) check.minLength(lastName, NAME_MIN_LENGTH, 'lastName');
  check.rule(!(subscription && excerpt), 'excerpt is not offered for subscription orders', 'excerpt');
  if (!check.ok) return refused(check.problems);

  return deps.boknett.placeOrder({
    orderId: input.orderId,
    resid: input.resid,
    priceOre: input.priceOre,
    consumerId,
    firstName: firstName?.trim() ?? null,
    lastName: lastName?.trim() ?? null,
    excerpt,
    subscription,
  });
}
