import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../context';
import { loadOrderLine } from '../loaders/order-line';
import type { CheckoutLineRoot } from '../types/checkout-node';
import { CheckoutLine } from '../types/checkout-line.type';
import { DdsOrder } from '../types/dds-order.type';
import { OrderItem } from '../types/order-item.type';

/** A line's links to what was bought: the HL order line (download and view links) or the DDS order (downloads). */
@Resolver(() => CheckoutLine)
export class CheckoutLineResolver {
  @FieldResolver(() => OrderItem, {
    nullable: true,
    description: 'SUCCEEDED HL lines: the order line as HL Connect reports it now (`downloadUrl`, `viewUrl`); null while the order is PROCESSING.',
  })
  orderItem(@Root() line: CheckoutLineRoot, @Ctx() ctx: GatewayContext) {
    return line.hlLine ? loadOrderLine(ctx.loaders.hlconnect.orderInfo, line.hlLine) : null;
  }

  @FieldResolver(() => DdsOrder, { nullable: true, description: 'SUCCEEDED DDS lines: the placed order (`download`).' })
  ddsOrder(@Root() line: CheckoutLineRoot) {
    return line.ddsOrder;
  }
}
