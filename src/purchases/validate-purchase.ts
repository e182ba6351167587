import { refused, type Result, type ValidationToken } from '../domain';
import { InputCheck } from './input-rules';
import type { PurchaseDeps } from './ports';

export interface ValidatePurchaseInput {
  assetId: number;
  quantity: number;
  /** Already defaulted to the caller's address by the GraphQL layer. */
  customerIp: string;
}

/** Asks HL Connect whether this buyer may buy this asset, before payment. */
export async function validatePurchase(deps: PurchaseDeps, input: ValidatePurchaseInput): Promise<Result<ValidationToken>> {
  const check = new InputCheck().positiveId(input.assetId, 'assetId').atLeastOne(input.quantity, 'quantity').ipAddress(input.customerIp, 'customerIp');
  if (!check.ok) return refused(check.problems);
  return deps.hlconnect.validatePurchase(input);
}
