import { refused, type OrderLineRef, type Result } from '../domain';
import { executeOnce } from './exactly-once';
import { hlLineSubject, registeredBy } from './hl-line-owner';
import { InputCheck } from './input-rules';
import type { PurchaseDeps } from './ports';

export interface CancelOrderLineInput extends OrderLineRef {
  /** Defaults to the order line: `order:{orderId}/line:{orderLineId}`. */
  idempotencyKey?: string | null;
}

/** Cancels one line of an HL Connect order while its status allows it, at most once per idempotency key. */
export async function cancelOrderLine(deps: PurchaseDeps, input: CancelOrderLineInput, caller: string): Promise<Result<OrderLineRef>> {
  const check = new InputCheck().positiveId(input.orderId, 'orderId').positiveId(input.orderLineId, 'orderLineId').idempotencyKey(input.idempotencyKey, 'idempotencyKey');
  if (!check.ok) return refused(check.problems);
  const line = { orderId: input.orderId, orderLineId: input.orderLineId };
  const [registered] = await registeredBy(deps.exactlyOnce.ledger, caller, [line]);
  if (!registered) {
    return refused([{ code: 'NOT_FOUND', message: 'This caller registered no such order line through the gateway.', field: ['input'] }]);
  }
  return executeOnce(deps.exactlyOnce, {
    caller,
    operation: 'HL_CANCEL_ORDER_LINE',
    idempotencyKey: input.idempotencyKey ?? `order:${line.orderId}/line:${line.orderLineId}`,
    subject: hlLineSubject(line),
    input: line,
    send: () => deps.hlconnect.cancelOrderLine(line),
    toRecord: (value) => value,
    fromRecord: (record) => record as OrderLineRef,
    lostAnswerState: 'UNKNOWN',
  });
}
