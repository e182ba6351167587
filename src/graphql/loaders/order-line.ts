import type DataLoader from 'dataloader';
import type { Order, OrderItem, OrderLineRef } from '../../domain';

/** One line of an order, read through the order loader: null when the order or the line is unknown. */
export async function loadOrderLine(orderInfo: DataLoader<number, Order | null>, line: OrderLineRef): Promise<OrderItem | null> {
  const order = await orderInfo.load(line.orderId);
  return order?.items.find((item) => item.orderLineId === line.orderLineId) ?? null;
}
