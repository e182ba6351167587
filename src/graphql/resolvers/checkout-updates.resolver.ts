import { Arg, Authorized, Ctx, ID, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import { hasScope, type Scope } from '../../domain';
import type { CheckoutView } from '../../purchases';
import { checkoutNotFound } from '../checkout-updates';
import type { GatewayContext } from '../context';
import { decodeNodeId } from '../ids/node-id';
import { checkoutRoot, type CheckoutRoot } from '../types/checkout-node';
import { Checkout } from '../types/checkout.type';

@Resolver()
export class CheckoutUpdatesResolver {
  // As `checkout(id)`: `orders:read`, and the caller's own checkout (any with `ledger:read`).
  @Authorized<Scope>('orders:read')
  @Subscription(() => Checkout, {
    description:
      'A checkout as its lines are bought: the checkout now, then again after each change of its state or of any line’s outcome (an unknown outcome settled by the ledger worker, a repeat of completeCheckout); completes once every line’s outcome is final (SUCCEEDED, REJECTED, NOT_PURCHASED; docs/subscriptions.md). Another caller’s checkout is CHECKOUT_NOT_FOUND. Over WebSocket (graphql-ws) only.',
    subscribe: async ({ args, context }: SubscribeResolverData<unknown, { id: string }, GatewayContext>) => {
      const key = decodeNodeId(args.id);
      if (key?.type !== 'Checkout') throw checkoutNotFound();
      const found = await context.services.ledger.findCheckout(key.checkoutId);
      if (!found || !(found.caller === context.caller.name || hasScope(context.caller, 'ledger:read'))) throw checkoutNotFound();
      return context.services.checkoutUpdates.watch(key.checkoutId);
    },
  })
  checkoutUpdated(@Arg('id', () => ID) _id: string, @Root() view: CheckoutView, @Ctx() ctx: GatewayContext): CheckoutRoot {
    return checkoutRoot(view, ctx.services.hlconnect.currency);
  }
}
