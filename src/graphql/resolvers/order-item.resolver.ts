import { Ctx, FieldResolver, ID, Resolver, Root } from 'type-graphql';
// Roots typed by domain interfaces: type-graphql copies a root typed by a class into a new instance on every call.
import type { OrderItem as OrderItemRecord, OrderItemStatus } from '../../domain';
import type { GatewayContext } from '../context';
import { unidentifiable } from '../errors/unidentifiable';
import { encodeNodeId } from '../ids/node-id';
import { OrderItem } from '../types/order-item.type';

/** Lines in these states have no links; asking the vendor would only cost a call. */
const WITHOUT_LINKS = new Set<OrderItemStatus>(['PROCESSING', 'FAILED', 'CANCELLED']);

@Resolver(() => OrderItem)
export class OrderItemResolver {
  @FieldResolver(() => ID)
  id(@Root() item: OrderItemRecord): string {
    if (item.orderLineId === null) throw unidentifiable('HL_CONNECT', 'order_line_id');
    return encodeNodeId({ type: 'OrderItem', orderId: item.orderId, orderLineId: item.orderLineId });
  }

  @FieldResolver(() => String, { nullable: true, description: 'Secure, time-limited download link; fetch it fresh, do not store it.' })
  downloadUrl(@Root() item: OrderItemRecord, @Ctx() ctx: GatewayContext) {
    if (item.downloadUrl) return item.downloadUrl;
    if (item.orderLineId === null || WITHOUT_LINKS.has(item.status)) return null;
    return ctx.loaders.hlconnect.downloadUrl.load({ orderId: item.orderId, orderLineId: item.orderLineId });
  }

  @FieldResolver(() => String, { nullable: true, description: 'Secure, time-limited viewer link; fetch it fresh, do not store it.' })
  viewUrl(@Root() item: OrderItemRecord, @Ctx() ctx: GatewayContext) {
    if (item.viewUrl) return item.viewUrl;
    if (item.orderLineId === null || WITHOUT_LINKS.has(item.status)) return null;
    return ctx.loaders.hlconnect.viewUrl.load({ orderId: item.orderId, orderLineId: item.orderLineId });
  }
}
