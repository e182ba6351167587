import DataLoader from 'dataloader';
import type { Order, OrderLineRef } from '../../domain';

/**
 * An HL order as one caller may see it. The HL account is the gateway's, shared by every shop
 * calling it, and order numbers are the shops' own (easy to guess): a caller sees the lines it
 * registered (the ledger records who), or every line with `ledger:read`. An order none of whose
 * lines is the caller's is null, as an unknown one; an order without lines yet (processing, or
 * failed) shows only its status.
 */
export async function ownOrder(order: Order | null, ownsLine: DataLoader<OrderLineRef, boolean> | null): Promise<Order | null> {
  if (!order || !ownsLine || order.items.length === 0) return order;
  const owned = await Promise.all(order.items.map((item) => (item.orderLineId === null ? false : ownsLine.load({ orderId: order.orderId, orderLineId: item.orderLineId }))));
  const items = order.items.filter((_item, i) => owned[i]);
  return items.length === 0 ? null : items.length === order.items.length ? order : { ...order, items };
}

/**
 * `orderInfo` through `ownOrder`: what the graph's order fields read. Caches nothing of its own,
 * so that clearing an order (after a mutation) clears the vendor's answer underneath.
 */
export class OwnOrders extends DataLoader<number, Order | null> {
  constructor(
    private readonly orders: DataLoader<number, Order | null>,
    ownsLine: DataLoader<OrderLineRef, boolean>,
  ) {
    // A failure stays with its own order (as perKey's): the other orders of the batch still answer.
    super(
      (orderIds) =>
        Promise.all(
          orderIds.map((orderId) =>
            orders
              .load(orderId)
              .then((order) => ownOrder(order, ownsLine))
              .catch((error: Error) => error),
          ),
        ),
      { cache: false },
    );
  }

  override clear(orderId: number): this {
    this.orders.clear(orderId);
    return this;
  }
}
