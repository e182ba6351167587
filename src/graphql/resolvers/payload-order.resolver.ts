import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { OrderLineRef } from '../../domain';
import type { GatewayContext } from '../context';
import { CancelOrderLinePayload } from '../payloads/cancel-order-line.payload';
import { RegisterPurchasePayload } from '../payloads/register-purchase.payload';
import { Order } from '../types/order.type';

const ORDER_DESCRIPTION = 'The order as the vendor reports it now; read only when selected.';

function orderOf(line: OrderLineRef | null, ctx: GatewayContext) {
  return line ? ctx.loaders.hlconnect.orderInfo.load(line.orderId) : null;
}

@Resolver(() => RegisterPurchasePayload)
export class RegisterPurchasePayloadResolver {
  @FieldResolver(() => Order, { nullable: true, description: ORDER_DESCRIPTION })
  order(@Root() payload: { line: OrderLineRef | null }, @Ctx() ctx: GatewayContext) {
    return orderOf(payload.line, ctx);
  }
}

@Resolver(() => CancelOrderLinePayload)
export class CancelOrderLinePayloadResolver {
  @FieldResolver(() => Order, { nullable: true, description: ORDER_DESCRIPTION })
  order(@Root() payload: { line: OrderLineRef | null }, @Ctx() ctx: GatewayContext) {
    return orderOf(payload.line, ctx);
  }
}
