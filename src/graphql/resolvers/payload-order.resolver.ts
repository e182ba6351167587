import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { OrderLineRef } from '../../domain';
import type { GatewayContext } from '../context';
import { loadOrderLine } from '../loaders/order-line';
import { CancelOrderLinePayload } from '../payloads/cancel-order-line.payload';
import { RegisterPurchasePayload } from '../payloads/register-purchase.payload';
import { OrderItem } from '../types/order-item.type';
import { Order } from '../types/order.type';

// Read after the mutation (its loader entry was cleared), so a client's cache takes the new state under the same ids.
const ORDER_DESCRIPTION = 'The order as the vendor reports it now; read only when selected.';

function orderOf(line: OrderLineRef | null, ctx: GatewayContext) {
  return line ? ctx.loaders.hlconnect.orderInfo.load(line.orderId) : null;
}

function lineOf(line: OrderLineRef | null, ctx: GatewayContext) {
  return line ? loadOrderLine(ctx.loaders.hlconnect.orderInfo, line) : null;
}

@Resolver(() => RegisterPurchasePayload)
export class RegisterPurchasePayloadResolver {
  @FieldResolver(() => Order, { nullable: true, description: ORDER_DESCRIPTION })
  order(@Root() payload: { line: OrderLineRef | null }, @Ctx() ctx: GatewayContext) {
    return orderOf(payload.line, ctx);
  }

  @FieldResolver(() => OrderItem, {
    nullable: true,
    description: 'The registered line as the vendor reports it now; null while the order is PROCESSING (the vendor lists no lines yet).',
  })
  orderItem(@Root() payload: { line: OrderLineRef | null }, @Ctx() ctx: GatewayContext) {
    return lineOf(payload.line, ctx);
  }
}

@Resolver(() => CancelOrderLinePayload)
export class CancelOrderLinePayloadResolver {
  @FieldResolver(() => Order, { nullable: true, description: ORDER_DESCRIPTION })
  order(@Root() payload: { line: OrderLineRef | null }, @Ctx() ctx: GatewayContext) {
    return orderOf(payload.line, ctx);
  }

  @FieldResolver(() => OrderItem, { nullable: true, description: 'The cancelled line as the vendor reports it now (status CANCELLED), under the same `id` as in `order`.' })
  orderItem(@Root() payload: { line: OrderLineRef | null }, @Ctx() ctx: GatewayContext) {
    return lineOf(payload.line, ctx);
  }
}
