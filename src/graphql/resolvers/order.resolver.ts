import { Arg, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Order as OrderRecord, Scope } from '../../domain';
import type { GatewayContext } from '../context';
import { badUserInput } from '../errors/bad-user-input';
import { encodeNodeId } from '../ids/node-id';
import { SafeInt } from '../scalars';
import { Order } from '../types/order.type';

@Resolver(() => Order)
export class OrderResolver {
  @Authorized<Scope>('orders:read')
  @Query(() => Order, {
    nullable: true,
    description:
      'An HL Connect order by the shop’s order number, with the lines this caller registered (every line with `ledger:read`); null when the vendor does not know it or none of its lines is the caller’s.',
  })
  order(@Arg('orderId', () => SafeInt) orderId: number, @Ctx() ctx: GatewayContext) {
    if (orderId < 1) throw badUserInput('orderId must be at least 1', 'orderId');
    return ctx.loaders.hlconnect.orderInfo.load(orderId);
  }

  @Authorized<Scope>('orders:read')
  @Query(() => [Order], {
    nullable: 'items',
    description: 'Several orders at once, in the order asked; null for an unknown one. At most MAX_ORDER_IDS ids.',
  })
  orders(@Arg('orderIds', () => [SafeInt]) orderIds: number[], @Ctx() ctx: GatewayContext) {
    const max = ctx.services.limits.maxOrderIds;
    if (orderIds.length > max) throw badUserInput(`orderIds takes at most ${max} ids`, 'orderIds');
    if (orderIds.some((id) => id < 1)) throw badUserInput('every orderId must be at least 1', 'orderIds');
    // One promise per id: a failure for one id nulls that entry only, with its own error (settled-list-items.ts).
    return orderIds.map((id) => ctx.loaders.hlconnect.orderInfo.load(id));
  }

  @FieldResolver(() => ID)
  id(@Root() order: OrderRecord): string {
    return encodeNodeId({ type: 'Order', orderId: order.orderId });
  }
}
