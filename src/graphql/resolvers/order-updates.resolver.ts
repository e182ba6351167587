import { Arg, Authorized, Ctx, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { Order as OrderRecord, Scope } from '../../domain';
import type { GatewayContext } from '../context';
import { badUserInput } from '../errors/bad-user-input';
import { ownOrder } from '../loaders/own-orders';
import { orderNotFound, type OrderSnapshot } from '../order-updates';
import { SafeInt } from '../scalars';
import { Order } from '../types/order.type';

@Resolver()
export class OrderUpdatesResolver {
  @Authorized<Scope>('orders:read')
  @Subscription(() => Order, {
    description:
      'An HL Connect order as it is fulfilled: its state now, then its state after each change (status, lines, links becoming available); completes once fulfilment is over (docs/subscriptions.md). Over WebSocket (graphql-ws) only.',
    subscribe: ({ args, context }: SubscribeResolverData<unknown, { orderId: number }, GatewayContext>) => {
      if (args.orderId < 1) throw badUserInput('orderId must be at least 1', 'orderId');
      return context.services.orderUpdates.watch(args.orderId);
    },
  })
  async orderUpdated(@Arg('orderId', () => SafeInt) orderId: number, @Root() snapshot: OrderSnapshot, @Ctx() ctx: GatewayContext): Promise<OrderRecord> {
    // The context is this subscription's own; its link loaders become this read's, shared by all its subscribers.
    ctx.loaders.hlconnect = { ...snapshot.links, orderInfo: ctx.loaders.hlconnect.orderInfo };
    // One read for every subscriber; each sees its own lines of it (own-orders.ts), as `order` answers.
    const own = await ownOrder(snapshot.order, ctx.loaders.ledger.ownsHlLine);
    if (!own) throw orderNotFound(orderId);
    return own;
  }
}
