import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { hasScope, type Result, type Scope } from '../../domain';
import type { CheckoutLineSpec } from '../../ledger';
import { completeCheckout, prepareCheckout, type CheckoutView } from '../../purchases';
import { buyerIp } from '../auth/buyer-ip';
import type { GatewayContext } from '../context';
import { forbidden } from '../errors/forbidden';
import { decodeNodeId } from '../ids/node-id';
import { CompleteCheckoutInput } from '../inputs/complete-checkout.input';
import { PrepareCheckoutInput } from '../inputs/prepare-checkout.input';
import { CompleteCheckoutPayload } from '../payloads/complete-checkout.payload';
import { PrepareCheckoutPayload } from '../payloads/prepare-checkout.payload';
import { checkoutRoot, type CheckoutRoot } from '../types/checkout-node';
import { Checkout } from '../types/checkout.type';

/** The scope each kind of line needs, as its own mutation does. */
const SCOPE_OF_LINE: Record<CheckoutLineSpec['kind'], Scope> = { HL: 'purchases:write', DDS: 'dds:write' };

/** FORBIDDEN unless the caller holds the scope of every kind of line in the cart. */
function requireLineScopes(ctx: GatewayContext, kinds: Iterable<CheckoutLineSpec['kind']>): void {
  const missing = [...new Set([...kinds].map((kind) => SCOPE_OF_LINE[kind]))].filter((scope) => !hasScope(ctx.caller, scope));
  if (missing.length > 0) throw forbidden(`This cart needs the ${missing.map((s) => `"${s}"`).join(', ')} scope, which this caller does not have.`);
}

function payload(result: Result<CheckoutView>, ctx: GatewayContext): { checkout: CheckoutRoot | null; userErrors: PrepareCheckoutPayload['userErrors'] } {
  return result.ok ? { checkout: checkoutRoot(result.value, ctx.services.hlconnect.currency), userErrors: [] } : { checkout: null, userErrors: result.userErrors };
}

/** Two-phase checkout across both vendors: validate the cart before payment, buy every line once after it. */
@Resolver(() => Checkout)
export class CheckoutResolver {
  // Each kind of line needs its own scope, checked against the cart (the field itself only needs a known caller).
  @Authorized<Scope>()
  @Mutation(() => PrepareCheckoutPayload, {
    description:
      'Validates a cart before payment: HL lines with the vendor (region, minimum quantity), DDS lines against DDS’s rules. Answers each line’s verdict, the validations’ expiry and the total per currency; nothing is bought. HL lines need `purchases:write`, DDS lines `dds:write`. A repeat with the same key and input answers the same checkout.',
  })
  async prepareCheckout(@Arg('input') input: PrepareCheckoutInput, @Ctx() ctx: GatewayContext) {
    const kinds = input.lines.flatMap((line) => [...(line.hl ? ['HL' as const] : []), ...(line.dds ? ['DDS' as const] : [])]);
    requireLineScopes(ctx, kinds);
    // Whatever the cart holds, only a caller with `purchases:write` may name the buyer's address.
    const ip = buyerIp(input.buyer.ip, ctx);
    const result = await prepareCheckout(ctx.services, { ...input, buyer: { ...input.buyer, ip } }, ctx.caller.name);
    return payload(result, ctx);
  }

  @Authorized<Scope>()
  @Mutation(() => CompleteCheckoutPayload, {
    description:
      'After the shop took payment: buys every accepted line concurrently, each exactly once through the purchase ledger, and answers each line’s outcome. A repeat with the same input resumes unfinished lines and never sends a finished one again; another payment reference or order number is IDEMPOTENCY_CONFLICT.',
  })
  async completeCheckout(@Arg('input') input: CompleteCheckoutInput, @Ctx() ctx: GatewayContext) {
    const key = decodeNodeId(input.checkoutId);
    const checkoutId = key?.type === 'Checkout' ? key.checkoutId : null;
    const result = await completeCheckout(ctx.services, { checkoutId, paymentReference: input.paymentReference, orderNumber: input.orderNumber }, ctx.caller.name, {
      logger: ctx.services.exactlyOnce.logger,
      authorize: (kinds) => requireLineScopes(ctx, kinds),
    });
    if (result.ok) for (const line of result.value.lines) if (line.hlLine) ctx.loaders.hlconnect.orderInfo.clear(line.hlLine.orderId);
    return payload(result, ctx);
  }

  @Authorized<Scope>('orders:read')
  @Query(() => Checkout, { nullable: true, description: 'A checkout by its `id`, with each line’s outcome now; null for an unknown one or another caller’s.' })
  checkout(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext) {
    const key = decodeNodeId(id);
    return key?.type === 'Checkout' ? ctx.loaders.ledger.checkout.load(key.checkoutId) : null;
  }
}
