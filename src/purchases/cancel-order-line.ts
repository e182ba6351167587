import { refused, type OrderLineRef, type Result } from '../domain';
import { InputCheck } from './input-rules';
import type { PurchaseDeps } from './ports';

/** Cancels one line of an HL Connect order while its status allows it. */
export async function cancelOrderLine(deps: PurchaseDeps, input: OrderLineRef): Promise<Result<OrderLineRef>> {
  const check = new InputCheck().positiveId(input.orderId, 'orderId').positiveId(input.orderLineId, 'orderLineId');
  if (!check.ok) return refused(check.problems);
  return deps.hlconnect.cancelOrderLine(input);
}
