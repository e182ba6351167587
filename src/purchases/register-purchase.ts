import { refused, type OrderLineRef, type Result } from '../domain';
import { InputCheck } from './input-rules';
import type { PurchaseDeps } from './ports';

export interface RegisterPurchaseInput {
  token: string;
  orderNumber: number;
  orderLineId: number;
  lineItemPrice: number;
  unitPrice: number;
  customer: string;
  parts?: { assetId: number; orderLineId: number }[] | null;
}

/** Registers a paid purchase with HL Connect; fulfilment then runs asynchronously. */
export async function registerPurchase(deps: PurchaseDeps, input: RegisterPurchaseInput): Promise<Result<OrderLineRef>> {
  const check = new InputCheck()
    .nonEmpty(input.token, 'token')
    .positiveId(input.orderNumber, 'orderNumber')
    .positiveId(input.orderLineId, 'orderLineId')
    .price(input.lineItemPrice, 'lineItemPrice')
    .price(input.unitPrice, 'unitPrice')
    .nonEmpty(input.customer, 'customer');
  (input.parts ?? []).forEach((part, i) => {
    check.positiveId(part.assetId, 'parts', String(i), 'assetId').positiveId(part.orderLineId, 'parts', String(i), 'orderLineId');
  });
  if (!check.ok) return refused(check.problems);
  return deps.hlconnect.registerPurchase({ ...input, customer: input.customer.trim() });
}
