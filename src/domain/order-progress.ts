import type { Order, OrderItemStatus } from './order';

/** Line statuses HL Connect does not move on from by itself. */
const FINAL_LINE_STATUSES: ReadonlySet<OrderItemStatus> = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

/**
 * Fulfilment is over: the order FAILED, or it is COMPLETED and every line is COMPLETED,
 * FAILED or CANCELLED. HL Connect answers 202 while any line is processing, 502 once one
 * failed; a line in a status the graph does not know (UNKNOWN) may still move on. A
 * completed line can still be cancelled, but only by the shop (cancelOrderLine).
 */
export function isFulfilmentOver(order: Order): boolean {
  if (order.status === 'FAILED') return true;
  return order.status === 'COMPLETED' && order.items.every((item) => FINAL_LINE_STATUSES.has(item.status));
}

/**
 * What a watcher of the order sees change: status, failure, lines and whether each line
 * has its links. The links themselves are time-limited and signed afresh on every read,
 * so their text is not part of it.
 */
export function fulfilmentKey(order: Order): string {
  return JSON.stringify({
    status: order.status,
    failureMessage: order.failureMessage,
    items: order.items.map(({ downloadUrl, viewUrl, ...line }) => ({ ...line, downloadUrl: downloadUrl !== null, viewUrl: viewUrl !== null })),
  });
}
