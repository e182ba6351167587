import type { Result } from '../../domain';
import { checkoutLineKey, type CheckoutCompletion, type CheckoutLineSpec, type StoredCheckout } from '../../ledger';
import type { ExactlyOnceSpec } from '../exactly-once';
import { hlLineSubject } from '../hl-line-owner';
import { placeDdsOrderSpec } from '../place-dds-order';
import type { PurchaseDeps } from '../ports';
import { registerPurchaseSpec } from '../register-purchase';

/** The DDS order id of a checkout line: the shop's order number and the line's position, unique per purchase as DDS requires. */
export const ddsOrderIdOf = (orderNumber: number, lineNumber: number): string => `${orderNumber}-${lineNumber}`;

/** What a line's ledger entry is about at the vendor (see register-purchase.ts and place-dds-order.ts). */
export function lineSubject(kind: CheckoutLineSpec['kind'], orderNumber: number, lineNumber: number): string {
  return kind === 'HL' ? hlLineSubject({ orderId: orderNumber, orderLineId: lineNumber }) : ddsOrderIdOf(orderNumber, lineNumber);
}

/** The buyer's full name, when both names are given. */
export function buyerName(checkout: Pick<StoredCheckout, 'buyer'>): string | null {
  const { firstName, lastName } = checkout.buyer;
  return firstName && lastName ? `${firstName.trim()} ${lastName.trim()}` : null;
}

/**
 * One accepted line as an ordinary exactly-once call (not sent yet): its own ledger entry under
 * a key derived from the checkout and the line, so a repeat returns what was recorded.
 * HL lines are order lines of the shop's order number (line n of the cart is order line n).
 */
export function lineCall(deps: PurchaseDeps, checkout: StoredCheckout, completion: CheckoutCompletion, lineNumber: number): Result<ExactlyOnceSpec<unknown>> {
  const spec = checkout.lines[lineNumber - 1]!.spec;
  const idempotencyKey = checkoutLineKey(checkout.id, lineNumber);
  if (spec.kind === 'HL') {
    return registerPurchaseSpec(
      deps,
      {
        token: checkout.tokens?.[lineNumber - 1] ?? '',
        orderNumber: completion.orderNumber,
        orderLineId: lineNumber,
        lineItemPrice: spec.lineItemPrice,
        unitPrice: spec.unitPrice,
        customer: spec.customer ?? buyerName(checkout) ?? '',
        parts: [],
        idempotencyKey,
      },
      checkout.caller,
    ) as Result<ExactlyOnceSpec<unknown>>;
  }
  const named = buyerName(checkout) !== null;
  return placeDdsOrderSpec(
    deps,
    {
      orderId: ddsOrderIdOf(completion.orderNumber, lineNumber),
      resid: spec.resid,
      priceOre: spec.priceOre,
      firstName: named ? checkout.buyer.firstName : null,
      lastName: named ? checkout.buyer.lastName : null,
      excerpt: spec.excerpt,
      subscription: spec.subscription,
      idempotencyKey,
    },
    checkout.caller,
  ) as Result<ExactlyOnceSpec<unknown>>;
}
